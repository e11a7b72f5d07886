import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { categories, createEvent, relayCategoriesOf, streams, topicForCategory, topics } from '@srw/contracts';
import type { Bus } from '@srw/bus';
import { openBus, type BusConfig } from '@srw/bus/testing';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { announceSkip, createGate, eventually, type Gate } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';
import { parseEventMessage } from './event-consumer';
import { startRelay } from './relay';

const dir = mkdtempSync(join(tmpdir(), 'relay-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const buses: [string, () => BusConfig][] = [['embedded bus', () => ({ kind: 'embedded', path: join(dir, `bus-${randomUUID()}.sqlite`) })]];
if (brokers?.length) buses.push([`Kafka (${brokers.join(',')})`, () => ({ kind: 'kafka', brokers })]);
else announceSkip('relay order on Kafka', 'KAFKA_BROKERS not set and no container runtime');

const jobSnapshot = {
  jobId: 'job-1',
  snapshot: { title: 'Engineer', refNumber: null, status: 'SOURCING', postingStatus: 'PUBLIC', department: null, location: null, createdOn: null, updatedOn: '2026-01-01T00:00:00.000Z' },
  contentHash: '0'.repeat(64),
};

describe('the owner table by topic', () => {
  it("gives integration.events.v1's owner, connector-auth, every category of that topic", () => {
    expect(relayCategoriesOf('connector-auth').sort()).toEqual(categories.filter((category) => topicForCategory(category) === topics.integration).sort());
    expect(relayCategoriesOf('sr-poller').map(topicForCategory)).not.toContain(topics.integration);
  });
});

/**
 * Issue 8's distributed flake, as it happened: connector-auth appends `AuthorizationLost` to the
 * tenant's integration stream and answers the poller, which appends `SyncRunFailed` to its run's
 * stream a moment later. Both go to one topic under one key (the tenant). When connector-auth relayed
 * `integration` and sr-poller `syncRun`, and connector-auth's relay lagged (held here by a barrier), a
 * consumer that guards by global position (stage-projector's read models) met the newer
 * `SyncRunFailed` first and then skipped the older `AuthorizationLost` as stale: the admin never saw
 * "reauthorise". With the relays the owner table gives each service, the topic's one relay publishes
 * both, in position order, however long it lags.
 */
describe.each(buses)('the relays of the owner table, on %s', (_name, busConfig) => {
  it('a consumer meets the events of one key in position order although the owner’s relay lags', { timeout: 60_000 }, async () => {
    const tenant = `order${randomUUID().slice(0, 8)}`;
    const store = await SqliteEventStore.open({ path: join(dir, `events-${randomUUID()}.sqlite`), pollIntervalMs: 20 });
    const bus = await openBus(busConfig());
    await bus.ensureTopics([
      { topic: topics.integration, partitions: 1 },
      { topic: topics.observations, partitions: 1 },
    ]);

    // What a position-guarded consumer applies: events above the highest position it met for the key.
    const met: { type: string; position: number }[] = [];
    const applied: string[] = [];
    let highest = -1;
    const consumer = await bus.consume({
      groupId: `relay-order-${randomUUID()}`,
      topics: [topics.integration],
      handle: async (raw) => {
        const message = parseEventMessage(raw);
        if (message.metadata.tenantId !== tenant) return;
        met.push({ type: message.type, position: message.position });
        if (message.position <= highest) return;
        highest = message.position;
        applied.push(message.type);
      },
    });

    // Each relay's bus records what it published to the integration topic; connector-auth's waits at the gate.
    const lagging = createGate();
    const publishedBy = { 'connector-auth': [] as string[], 'sr-poller': [] as string[] };
    const busOf = (service: keyof typeof publishedBy, gate?: Gate): Bus => ({
      ...(bus.system ? { system: bus.system } : {}),
      ensureTopics: (specs) => bus.ensureTopics(specs),
      consume: (options) => bus.consume(options),
      ping: () => bus.ping(),
      close: () => bus.close(),
      publish: async (topic, messages) => {
        await gate?.wait();
        await bus.publish(topic, messages);
        if (topic === topics.integration) publishedBy[service].push(...messages.map((message) => (JSON.parse(message.value) as { type: string }).type));
      },
    });
    const connectorAuthRelay = startRelay({ store, bus: busOf('connector-auth', lagging), categories: relayCategoriesOf('connector-auth'), subscriptionId: 'connector-auth' });
    const srPollerRelay = startRelay({ store, bus: busOf('sr-poller'), categories: relayCategoriesOf('sr-poller'), subscriptionId: 'sr-poller' });
    try {
      const metadata = { tenantId: tenant, correlationId: 'run-1', causationId: 'run-1', observedAt: new Date().toISOString() };
      await appendEvents(store, streams.integration(tenant), [{ event: createEvent('AuthorizationLost', { reason: 'invalid_grant' }, metadata) }]);
      await lagging.reached;
      await appendEvents(store, streams.syncRun(tenant, 'run-1'), [
        { event: createEvent('SyncRunFailed', { error: { code: 'AUTHORIZATION_LOST', message: 'SR answered 401' }, retryable: false, apiCalls: 1 }, metadata) },
      ]);
      // An event of the poller's own, after SyncRunFailed: once its relay has checkpointed past it, that
      // relay is past SyncRunFailed too, and would have published it by now had it been given `syncRun`.
      const { position: pollerMark } = await appendEvents(store, streams.srJob(tenant, 'job-1'), [{ event: createEvent('JobObserved', jobSnapshot, metadata) }]);
      await eventually(() => (srPollerRelay.checkpoint ?? -1) >= pollerMark || undefined, { what: "sr-poller's relay past SyncRunFailed" });
      lagging.open();
      await eventually(() => met.some((m) => m.type === 'SyncRunFailed') || undefined, { what: 'SyncRunFailed consumed' });
      expect(applied).toEqual(['AuthorizationLost', 'SyncRunFailed']);
      await eventually(() => publishedBy['connector-auth'].length >= 2 || undefined, { what: "connector-auth's relay acknowledged" });
      expect(publishedBy).toEqual({ 'connector-auth': ['AuthorizationLost', 'SyncRunFailed'], 'sr-poller': [] });
    } finally {
      lagging.open();
      await Promise.all([connectorAuthRelay.stop(), srPollerRelay.stop()]);
      await consumer.stop();
      await bus.close();
      await store.close();
    }
  });
});
