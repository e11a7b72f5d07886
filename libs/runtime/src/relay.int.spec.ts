import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams, topics, type DomainEvent } from '@srw/contracts';
import { openBus, type BusConfig } from '@srw/bus/testing';
import { SqliteEventStore, type Subscription } from '@srw/event-store';
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

const metadata = (tenantId: string) => ({
  tenantId,
  correlationId: randomUUID(),
  causationId: randomUUID(),
  observedAt: new Date().toISOString(),
});

function inviteRequested(tenantId: string, n: number): DomainEvent {
  return createEvent(
    'InviteRequested',
    {
      interviewId: 'iv1',
      candidateId: `c${n}`,
      jobId: 'j1',
      trigger: { status: 'INTERVIEW', subStatus: null },
      reason: 'stage_entered',
    },
    metadata(tenantId),
  );
}

describe.each(buses)('relay to %s', (_name, busConfig) => {
  it('publishes every event at least once although it is stopped at random points while events are appended', async () => {
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const store = new SqliteEventStore(join(dir, `events-${randomUUID()}.sqlite`), 20);
    const bus = openBus(busConfig());
    await bus.ensureTopics([{ topic: topics.invite, partitions: 3 }, { topic: topics.integration, partitions: 1 }]);

    // Consume first, so that every published message is seen whatever the topic's history.
    const published = new Map<string, number>();
    let foreign = 0;
    const consumer = await bus.consume({
      groupId: `relay-check-${randomUUID()}`,
      topics: [topics.invite],
      handle: async (raw) => {
        const message = parseEventMessage(raw);
        if (message.metadata.tenantId !== tenant) return;
        expect(raw.key).toBe(`${tenant}:${(message.data as { candidateId: string }).candidateId}`);
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
        // Not the relay's category: must never reach the invite topic.
        await appendEvents(store, streams.integration(tenant), [
          { event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'test' }, metadata(tenant)) },
        ]);
        foreign++;
        await new Promise((r) => setTimeout(r, Math.random() * 10));
      }
    })();

    let relay: Subscription | undefined;
    let restarts = 0;
    const relayOptions = { store, bus, categories: ['invite'] as const, subscriptionId: 'invite-dispatcher', maxBatchSize: 16 };
    while (appended.length < total) {
      relay = startRelay(relayOptions);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 120));
      await relay.stop();
      restarts++;
    }
    await appending;
    relay = startRelay(relayOptions);

    const deadline = Date.now() + 60_000;
    while (appended.some((id) => !published.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await relay.stop();
    await consumer.stop();
    await bus.close();
    await store.close();

    const missing = appended.filter((id) => !published.has(id));
    const duplicates = [...published.values()].filter((count) => count > 1).length;
    console.info(`relay: ${total} events, ${restarts} stops, ${duplicates} delivered more than once, ${foreign} foreign events held back`);
    expect(missing).toEqual([]);
    expect(published.size).toBe(total);
    expect(restarts).toBeGreaterThan(1);
  });
});
