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
import { announceSkip, createGate, eventually, seededRandom, type Gate, type SeededRandom } from '@srw/test-support';
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

/** Lets the relay's timers and I/O run between two appends (the store's appends are synchronous). */
const yieldToOthers = () => new Promise((r) => setImmediate(r));

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
 * A bus whose publishes are slow and fail at random (seeded): before anything is sent (the relay must
 * offer the batch again) or after it was sent (an acknowledgement lost: the batch comes twice). The
 * first publish fails before sending and the second after, whatever the seed, so both faults are
 * exercised on every run. `nextPublish()` resolves as a publish starts, so the test can stop the
 * relay while one is in flight instead of hoping a timer lands there.
 */
function faultyBus(bus: Bus, random: SeededRandom, faults: { failBefore: number; failAfter: number; maxDelayMs: number }) {
  const counts = { publishes: 0, failedBefore: 0, failedAfter: 0 };
  let starting: (() => void)[] = [];
  const wrapped: Bus = {
    ensureTopics: (specs) => bus.ensureTopics(specs),
    consume: (options) => bus.consume(options),
    ping: () => bus.ping(),
    close: () => bus.close(),
    publish: async (topic, messages) => {
      const n = ++counts.publishes;
      for (const started of starting) started();
      starting = [];
      // Broker latency: the window in which the test stops the relay.
      await new Promise((r) => setTimeout(r, random.next() * faults.maxDelayMs));
      if (n === 1 || random.chance(faults.failBefore)) {
        counts.failedBefore++;
        throw new TransientError('injected: broker unavailable');
      }
      await bus.publish(topic, messages);
      if (n === 2 || random.chance(faults.failAfter)) {
        counts.failedAfter++;
        throw new TransientError('injected: acknowledgement lost');
      }
    },
  };
  const nextPublish = () => new Promise<void>((resolve) => starting.push(resolve));
  return { bus: wrapped, counts, nextPublish };
}

describe.each(buses)('relay to %s', (name, busConfig) => {
  it('publishes every event at least once although publishes fail and the relay is stopped mid-publish while events are appended', async () => {
    const random = seededRandom(`relay to ${name}`);
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const store = await SqliteEventStore.open({ path: join(dir, `events-${randomUUID()}.sqlite`), pollIntervalMs: 20 });
    const realBus = await openBus(busConfig());
    await realBus.ensureTopics([{ topic: topics.invite, partitions: 3 }, { topic: topics.integration, partitions: 1 }]);
    const { bus, counts, nextPublish } = faultyBus(realBus, random, { failBefore: 0.15, failAfter: 0.15, maxDelayMs: 30 });

    // Record everything, assert afterwards: a throwing handler would only be retried and dead-lettered.
    const published = new Map<string, number>();
    const wrongKeys: string[] = [];
    const leaked: string[] = [];
    let endMarkerSeen = false;
    const consumer = await realBus.consume({
      groupId: `relay-check-${randomUUID()}`,
      topics: [topics.invite, topics.integration],
      handle: async (raw) => {
        const message = parseEventMessage(raw);
        if (message.metadata.tenantId !== tenant) return;
        if (raw.topic === topics.integration) {
          if ((message.data as { requestedBy?: string }).requestedBy === 'end-marker') endMarkerSeen = true;
          else leaked.push(message.type);
          return;
        }
        if (raw.key !== `${tenant}:${(message.data as { candidateId: string }).candidateId}`) wrongKeys.push(raw.key);
        published.set(message.id, (published.get(message.id) ?? 0) + 1);
      },
    });

    const appended: string[] = [];
    const total = 400;
    // Every 48 events the appender waits for the relay's next stop, so stops always land while events
    // are still being appended; the first such wait is for a stop in the middle of a publish.
    let boundary: { gate: Gate; first: boolean } | undefined;
    let boundaryReached: (() => void) | undefined;
    const appending = (async () => {
      for (let n = 0; n < total; n += 8) {
        if (n > 0 && n % 48 === 0) {
          boundary = { gate: createGate(), first: n === 48 };
          boundaryReached?.();
          await boundary.gate.wait();
        }
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
        if (random.chance(0.5)) await yieldToOthers();
      }
    })();
    let appendingDone = false;
    const appendingFinished = appending.then(() => (appendingDone = true));
    /**
     * Resolves when the appender waits for a stop. Not at the first boundary before any stop landed
     * mid-publish: then nothing has been published yet (the first run stops at its first publish), so
     * a publish of the pending events is sure to come, and the first stop lands in it.
     */
    const appenderWaiting = () =>
      new Promise<void>((resolve) => {
        const waiting = () => boundary && !boundary.gate.isOpen && (!boundary.first || stopsMidPublish > 0);
        if (waiting()) resolve();
        else boundaryReached = () => waiting() && resolve();
      });

    let relay: Subscription | undefined;
    let stops = 0;
    let stopsMidPublish = 0;
    const relayOptions = { store, bus, categories: ['invite'] as const, subscriptionId: 'invite-dispatcher', maxBatchSize: 16 };
    while (!appendingDone) {
      relay = startRelay(relayOptions);
      // Stop as the first, second or third publish of this run begins (seeded), while it is in flight.
      const publishesBeforeStop = stops === 0 ? 1 : 1 + Math.floor(random.next() * 3);
      let landed: 'mid-publish' | 'appender waiting' | 'appended' = 'appended';
      for (let p = 0; p < publishesBeforeStop; p++) {
        landed = await Promise.race([
          nextPublish().then(() => 'mid-publish' as const),
          appenderWaiting().then(() => 'appender waiting' as const),
          appendingFinished.then(() => 'appended' as const),
        ]);
        if (landed !== 'mid-publish') break;
      }
      boundaryReached = undefined;
      await relay.stop();
      stops++;
      if (landed === 'mid-publish') stopsMidPublish++;
      boundary?.gate.open();
    }
    await appending;
    relay = startRelay(relayOptions);
    await eventually(() => appended.every((id) => published.has(id)), { what: 'every appended event on its topic', timeoutMs: 60_000 });
    await relay.stop();

    // Proof that nothing leaked: an end marker relayed to the integration topic after the relay
    // stopped, under the same key as the SyncRequested events; once it is in, a leaked one would be too.
    const markerStore = await SqliteEventStore.open({ path: join(dir, `marker-${randomUUID()}.sqlite`) });
    await appendEvents(markerStore, streams.integration(tenant), [
      { event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'end-marker' }, metadata(tenant)) },
    ]);
    const markerRelay = startRelay({ store: markerStore, bus: realBus, categories: ['integration'], subscriptionId: 'end-marker' });
    await eventually(() => endMarkerSeen, { what: 'the end marker on the integration topic', timeoutMs: 60_000 });
    await markerRelay.stop();
    await markerStore.close();
    await consumer.stop();
    await realBus.close();
    await store.close();

    const duplicates = [...published.values()].filter((count) => count > 1).length;
    console.info(
      `relay to ${name}: ${total} events, ${stops} stops (${stopsMidPublish} mid-publish), ${counts.publishes} publishes, ${counts.failedBefore} failed before sending, ${counts.failedAfter} after; ${duplicates} events delivered more than once (seed ${random.seed})`,
    );
    expect(published.size).toBe(total);
    expect(wrongKeys).toEqual([]);
    expect(leaked).toEqual([]);
    expect(stops).toBeGreaterThanOrEqual(8);
    expect(stopsMidPublish).toBeGreaterThan(0);
    expect(counts.failedBefore).toBeGreaterThan(0);
    expect(counts.failedAfter).toBeGreaterThan(0);
  });
});
