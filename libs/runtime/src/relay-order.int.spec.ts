import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams, topics } from '@srw/contracts';
import type { Bus } from '@srw/bus';
import { openBus, type BusConfig } from '@srw/bus/testing';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { announceSkip, createGate, eventually } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';
import { parseEventMessage } from './event-consumer';
import { relayedCategories, startRelay } from './relay';

const dir = mkdtempSync(join(tmpdir(), 'relay-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const buses: [string, () => BusConfig][] = [['embedded bus', () => ({ kind: 'embedded', path: join(dir, `bus-${randomUUID()}.sqlite`) })]];
if (brokers?.length) buses.push([`Kafka (${brokers.join(',')})`, () => ({ kind: 'kafka', brokers })]);
else announceSkip('relay order on Kafka', 'KAFKA_BROKERS not set and no container runtime');

describe('relayedCategories', () => {
  it("is every category of the given categories' topics", () => {
    expect(relayedCategories(['integration']).sort()).toEqual(['integration', 'syncRun']);
    expect(relayedCategories(['syncRun', 'srJob']).sort()).toEqual(['integration', 'srApplication', 'srCandidate', 'srJob', 'syncRun']);
    expect(relayedCategories(['invite'])).toEqual(['invite']);
  });
});

/**
 * Issue 8's distributed flake, as it happened: connector-auth appends `AuthorizationLost` to the
 * tenant's integration stream and answers the poller, which appends `SyncRunFailed` to its run's
 * stream a moment later. Two apps' relays publish them to one topic under one key (the tenant). When
 * connector-auth's relay lags (held here by a barrier), a consumer that guards by global position
 * (stage-projector's read models) met the newer `SyncRunFailed` first and then skipped the older
 * `AuthorizationLost` as stale: the admin never saw "reauthorise".
 */
describe.each(buses)('two apps relaying one topic, on %s', (_name, busConfig) => {
  it('a consumer meets the events of one key in position order although one relay lags', { timeout: 60_000 }, async () => {
    const tenant = `order${randomUUID().slice(0, 8)}`;
    const store = await SqliteEventStore.open({ path: join(dir, `events-${randomUUID()}.sqlite`), pollIntervalMs: 20 });
    const bus = await openBus(busConfig());
    await bus.ensureTopics([{ topic: topics.integration, partitions: 1 }]);

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

    const lagging = createGate();
    const laggingPublished: string[] = [];
    const laggingBus: Bus = {
      ...(bus.system ? { system: bus.system } : {}),
      ensureTopics: (specs) => bus.ensureTopics(specs),
      consume: (options) => bus.consume(options),
      ping: () => bus.ping(),
      close: () => bus.close(),
      publish: async (topic, messages) => {
        await lagging.wait();
        await bus.publish(topic, messages);
        laggingPublished.push(...messages.map((message) => message.value));
      },
    };
    const relays = [
      startRelay({ store, bus: laggingBus, categories: ['integration'], subscriptionId: 'connector-auth' }),
      startRelay({ store, bus, categories: ['syncRun'], subscriptionId: 'sr-poller' }),
    ];
    try {
      const metadata = { tenantId: tenant, correlationId: 'run-1', causationId: 'run-1', observedAt: new Date().toISOString() };
      await appendEvents(store, streams.integration(tenant), [{ event: createEvent('AuthorizationLost', { reason: 'invalid_grant' }, metadata) }]);
      await lagging.reached;
      await appendEvents(store, streams.syncRun(tenant, 'run-1'), [
        { event: createEvent('SyncRunFailed', { error: { code: 'AUTHORIZATION_LOST', message: 'SR answered 401' }, retryable: false, apiCalls: 1 }, metadata) },
      ]);
      // The prompt relay's publish is out while connector-auth's is still held.
      await eventually(() => met.some((m) => m.type === 'SyncRunFailed') || undefined, { what: 'SyncRunFailed published by the prompt relay' });
      lagging.open();
      await eventually(() => laggingPublished.length > 0 || undefined, { what: "the lagging relay's publish" });
      await eventually(() => met.some((m) => m.type === 'AuthorizationLost') || undefined, { what: 'AuthorizationLost consumed' });
      expect(applied).toEqual(['AuthorizationLost', 'SyncRunFailed']);
    } finally {
      lagging.open();
      await Promise.all(relays.map((relay) => relay.stop()));
      await consumer.stop();
      await bus.close();
      await store.close();
    }
  });
});
