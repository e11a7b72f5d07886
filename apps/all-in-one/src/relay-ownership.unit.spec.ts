import { categories, categoryOwners, relayCategoriesOf, serviceNames, topicForCategory, type Category } from '@srw/contracts';
import { configApiService } from '@srw/config-api';
import { connectorAuthService } from '@srw/connector-auth';
import { inviteDispatcherService } from '@srw/invite-dispatcher';
import { responseWritebackService } from '@srw/response-writeback';
import { srPollerService } from '@srw/sr-poller';
import { stageProjectorService } from '@srw/stage-projector';
import { serviceConfigSchema } from '@srw/runtime';
import { describe, expect, it } from 'vitest';

/**
 * The six services share one event store in the distributed mode, and a relay publishes its
 * categories from it whoever appended: two relays on one category put each of its events on Kafka
 * twice. Each category has one owner (`categoryOwners`), and the services' definitions say so.
 */
describe('relay ownership across the six services', () => {
  const definitions = [
    connectorAuthService(),
    srPollerService(),
    stageProjectorService(),
    inviteDispatcherService(serviceConfigSchema as never, () => {
      throw new Error('not started here');
    }, { now: () => 0 }),
    responseWritebackService(),
    configApiService(),
  ];

  it('names the six services, each once', () => {
    expect(definitions.map((definition) => definition.name).sort()).toEqual([...serviceNames].sort());
  });

  it('publishes every category from exactly one service’s relay: its owner’s', () => {
    const claims = new Map<Category, string[]>();
    for (const definition of definitions) {
      for (const category of definition.relay?.categories ?? []) claims.set(category, [...(claims.get(category) ?? []), definition.name]);
    }
    expect(Object.fromEntries(categories.map((category) => [category, claims.get(category) ?? []]))).toEqual(
      Object.fromEntries(categories.map((category) => [category, [categoryOwners[category]]])),
    );
  });

  it('runs a relay only where the service owns a category (an empty filter would publish every stream)', () => {
    for (const definition of definitions) {
      const owned = relayCategoriesOf(definition.name as (typeof serviceNames)[number]);
      if (owned.length === 0) expect(definition.relay, definition.name).toBeUndefined();
      else expect(definition.relay?.categories, definition.name).toEqual(owned);
    }
  });

  it('gives each topic one owner, so every key’s events reach Kafka in position order', () => {
    const ownersByTopic = new Map<string, Set<string>>();
    for (const category of categories) {
      const topic = topicForCategory(category);
      ownersByTopic.set(topic, (ownersByTopic.get(topic) ?? new Set()).add(categoryOwners[category]));
    }
    for (const [topic, owners] of ownersByTopic) expect([...owners], topic).toHaveLength(1);
  });
});
