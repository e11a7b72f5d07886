/**
 * Publish-to-consume throughput through the relay: events already in the embedded event store are
 * relayed to the bus and consumed by a group; the clock runs from relay start to the last event
 * consumed. Baseline in the same run: the same messages published straight to the bus and consumed.
 * Uses Kafka when KAFKA_BROKERS is set (tools/kafka.sh start), the embedded bus otherwise.
 * Usage: KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/relay-throughput.ts [events=20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams } from '@srw/contracts';
import type { Bus } from '@srw/bus';
import { openBus, type BusConfig } from '@srw/bus/testing';
import type { EventToAppend } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { startRelay } from '@srw/runtime';

const total = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-relay-'));
const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const config: BusConfig = brokers?.length ? { kind: 'kafka', brokers } : { kind: 'embedded', path: join(dir, 'bus.sqlite') };
const run = randomUUID().slice(0, 8);
const tenant = `bench${run}`;

const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
const metadata = { tenantId: tenant, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
for (let batch = 0; batch < total / 100; batch++) {
  const events: EventToAppend[] = Array.from({ length: 100 }, (_, i) => {
    const e = createEvent(
      'ApplicationStageObserved',
      {
        candidateId: `c${batch}`,
        jobId: `j${i}`,
        from: null,
        to: { status: 'INTERVIEW', subStatus: null },
        changedOn: '2026-11-27T10:00:00.000Z',
        source: 'poll',
      },
      metadata,
    );
    return { id: randomUUID(), type: e.type, data: e.data, metadata: e.metadata };
  });
  await store.append(streams.srApplication(tenant, `c${batch}`, 'job'), events);
}

let skipped = 0;

async function consumeAll(bus: Bus, topic: string, expected: number): Promise<number> {
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = await bus.consume({
    groupId: `bench-${randomUUID()}`,
    topics: [topic],
    // Topics outlive a run: count only this run's messages.
    handle: async (message) => {
      if (!message.key.startsWith(tenant)) return void skipped++;
      if (++seen === expected) done();
    },
  });
  return new Promise((resolve) => {
    void finished.then(async () => {
      const end = performance.now();
      await consumer.stop();
      resolve(end);
    });
  });
}

const bus = await openBus(config, 'bench');
const relayTopic = `bench.${run}.relay`;
const baselineTopic = `bench.${run}.direct`;
await bus.ensureTopics([
  { topic: relayTopic, partitions: 3 },
  { topic: baselineTopic, partitions: 3 },
]);

// Through the relay, to a topic of this run (consumers would otherwise read earlier runs' history
// first). The clock stops twice: when the bus has acknowledged the last event, and when the
// consumer has it.
const relayDone = consumeAll(bus, relayTopic, total);
let acknowledged = 0;
let acknowledgedAt = 0;
const countingBus: Bus = {
  ensureTopics: (specs) => bus.ensureTopics(specs),
  consume: (options) => bus.consume(options),
  ping: () => bus.ping(),
  close: () => bus.close(),
  publish: async (topic, batch) => {
    await bus.publish(topic, batch);
    acknowledged += batch.length;
    if (acknowledged >= total) acknowledgedAt = performance.now();
  },
};
let started = performance.now();
const relay = startRelay({
  store,
  bus: countingBus,
  categories: ['srApplication'],
  subscriptionId: `bench-${run}`,
  maxBatchSize: 500,
  topicFor: () => relayTopic,
});
const relayMs = (await relayDone) - started;
const relayAckMs = acknowledgedAt - started;
await relay.stop();

// Baseline: the same number of messages, published in the same batch size, no event store.
const stored = await store.readAll({ maxCount: total });
const messages = stored.map((e) => ({ key: `${tenant}:${e.id}`, value: JSON.stringify(e) }));
const baselineDone = consumeAll(bus, baselineTopic, total);
started = performance.now();
for (let i = 0; i < messages.length; i += 500) await bus.publish(baselineTopic, messages.slice(i, i + 500));
const baselineMs = (await baselineDone) - started;

await bus.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

const rate = (ms: number) => Math.round((total / ms) * 1000);
console.log(`relay throughput on ${config.kind === 'kafka' ? `Kafka ${brokers!.join(',')}` : 'the embedded bus'}, ${total} events`);
console.log(`  event store → relay → bus acknowledged: ${rate(relayAckMs)} events/s (${relayAckMs.toFixed(0)} ms)`);
console.log(`  event store → relay → bus → consumer: ${rate(relayMs)} events/s (${relayMs.toFixed(0)} ms)`);
console.log(`  baseline, publish → consumer directly: ${rate(baselineMs)} events/s (${baselineMs.toFixed(0)} ms)`);
console.log(`  relay at ${(baselineMs / relayMs).toFixed(2)}× the direct rate, end to end`);
if (skipped > 0) console.log(`  (the consumers also read ${skipped} older messages of earlier runs on the same topics)`);
