import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams, topics, type DomainEvent } from '@srw/contracts';
import type { Bus } from '@srw/bus';
import { openBus, type BusConfig } from '@srw/bus/testing';
import { TransientError } from '@srw/errors';
import type { Subscription } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { announceSkip } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';
import { parseEventMessage } from './event-consumer';
import { startRelay } from './relay';

const dir = mkdtempSync(join(tmpdir(), 'relay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const buses: [string, () => BusConfig][] = [['embedded bus', () => ({ kind: 'embedded', path: join(dir, `bus-${randomUUID()}.sqlite`) })]];
if (brokers?.length) buses.push([`Kafka (${brokers.join(',')})`, () => ({ kind: 'kafka', brokers })]);
else announceSkip('relay on Kafka', 'KAFKA_BROKERS not set and no container runtime');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const metadata = (tenantId: string) => ({
  tenantId,
  correlationId: randomUUID(),
  causationId: randomUUID(),
  observedAt: new Date().toISOString(),
});

function inviteRequested(tenantId: string, n: number): DomainEvent {
  return createEvent(
    'InviteRequested',
    { interviewId: 'iv1', candidateId: `c${n}`, jobId: 'j1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' },
    metadata(tenantId),
  );
}

/**
 * A bus whose publishes are slow and fail at random: before anything is sent (the relay must offer
 * the batch again) or after it was sent (an acknowledgement lost: the batch comes twice).
 */
function faultyBus(bus: Bus, faults: { failBefore: number; failAfter: number; maxDelayMs: number }) {
  const counts = { failedBefore: 0, failedAfter: 0 };
  const wrapped: Bus = {
    ensureTopics: (specs) => bus.ensureTopics(specs),
    consume: (options) => bus.consume(options),
    ping: () => bus.ping(),
    close: () => bus.close(),
    publish: async (topic, messages) => {
      await sleep(Math.random() * faults.maxDelayMs);
      if (Math.random() < faults.failBefore) {
        counts.failedBefore++;
        throw new TransientError('injected: broker unavailable');
      }
      await bus.publish(topic, messages);
      if (Math.random() < faults.failAfter) {
        counts.failedAfter++;
        throw new TransientError('injected: acknowledgement lost');
      }
    },
  };
  return { bus: wrapped, counts };
}

describe.each(buses)('relay to %s', (_name, busConfig) => {
  it('publishes every event at least once although publishes fail and the relay is stopped mid-publish while events are appended', async () => {
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const store = await SqliteEventStore.open({ path: join(dir, `events-${randomUUID()}.sqlite`), pollIntervalMs: 20 });
    const realBus = await openBus(busConfig());
    await realBus.ensureTopics([{ topic: topics.invite, partitions: 3 }, { topic: topics.integration, partitions: 1 }]);
    const { bus, counts } = faultyBus(realBus, { failBefore: 0.15, failAfter: 0.15, maxDelayMs: 30 });

    // Record everything, assert afterwards: a throwing handler would only be retried and dead-lettered.
    const published = new Map<string, number>();
    const wrongKeys: string[] = [];
    const leaked: string[] = [];
    const consumer = await realBus.consume({
      groupId: `relay-check-${randomUUID()}`,
      topics: [topics.invite, topics.integration],
      handle: async (raw) => {
        const message = parseEventMessage(raw);
        if (message.metadata.tenantId !== tenant) return;
        if (raw.topic === topics.integration) return void leaked.push(message.type);
        if (raw.key !== `${tenant}:${(message.data as { candidateId: string }).candidateId}`) wrongKeys.push(raw.key);
        published.set(message.id, (published.get(message.id) ?? 0) + 1);
      },
    });

    const appended: string[] = [];
    const total = 400;
    const appending = (async () => {
      for (let n = 0; n < total; n += 8) {
        for (let i = n; i < n + 8; i++) {
          const id = randomUUID();
          await appendEvents(store, streams.invite(tenant, 'iv1', `c${i}`), [{ event: inviteRequested(tenant, i), id }], {
            expectedRevision: 'no_stream',
          });
          appended.push(id);
        }
        // Not the relay's category: must never reach any topic through this relay.
        await appendEvents(store, streams.integration(tenant), [
          { event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'test' }, metadata(tenant)) },
        ]);
        await sleep(Math.random() * 10);
      }
    })();

    let relay: Subscription | undefined;
    let stops = 0;
    const relayOptions = { store, bus, categories: ['invite'] as const, subscriptionId: 'invite-dispatcher', maxBatchSize: 16 };
    while (appended.length < total) {
      relay = startRelay(relayOptions);
      // Publishes take up to 30 ms: most stops land while one is in flight.
      await sleep(20 + Math.random() * 120);
      await relay.stop();
      stops++;
    }
    await appending;
    relay = startRelay(relayOptions);

    const deadline = Date.now() + 40_000;
    while (appended.some((id) => !published.has(id)) && Date.now() < deadline) await sleep(50);
    await sleep(300);
    await relay.stop();
    await consumer.stop();
    await realBus.close();
    await store.close();

    const missing = appended.filter((id) => !published.has(id));
    const duplicates = [...published.values()].filter((count) => count > 1).length;
    console.info(
      `relay: ${total} events, ${stops} stops, ${counts.failedBefore} publishes failed before sending, ${counts.failedAfter} after; ${duplicates} events delivered more than once`,
    );
    expect(missing).toEqual([]);
    expect(published.size).toBe(total);
    expect(wrongKeys).toEqual([]);
    expect(leaked).toEqual([]);
    expect(stops).toBeGreaterThan(1);
    expect(counts.failedBefore + counts.failedAfter).toBeGreaterThan(0);
  });
});
