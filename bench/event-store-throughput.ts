/**
 * Embedded event store throughput: appends in batches of 100 (each its own transaction, with an
 * expected revision, as services append), then `$all` reads in pages, as the relay does.
 * Targets on the 2-core reference machine: ≥ 50,000 appended and ≥ 200,000 read events/s.
 * Usage: npx tsx bench/event-store-throughput.ts [events=200000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import { createEvent, streams } from '@srw/contracts';
import type { EventToAppend } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = 100;
const dir = mkdtempSync(join(tmpdir(), 'bench-es-'));
const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });

const metadata = { tenantId: 'bench', correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
const batchFor = (stream: number): EventToAppend[] =>
  Array.from({ length: batchSize }, (_, i) => {
    const event = createEvent(
      'ApplicationStageObserved',
      {
        candidateId: `cand-${stream}`,
        jobId: `job-${i}`,
        from: { status: 'NEW', subStatus: null },
        to: { status: 'INTERVIEW', subStatus: 'Video interview' },
        changedOn: '2026-11-27T10:00:00.000Z',
        source: 'poll',
      },
      metadata,
    );
    return { id: randomUUID(), type: event.type, data: event.data, metadata: event.metadata };
  });

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

let started = performance.now();
for (let stream = 0; stream < total / batchSize; stream++) {
  await store.append(streams.srApplication('bench', `cand-${stream}`, 'job'), batchFor(stream), { expectedRevision: 'no_stream' });
}
const appendMs = performance.now() - started;

/** One pass over `$all`, as the relay reads it: pages of 1,000 after the last position. */
async function readPass(): Promise<{ read: number; ms: number }> {
  const begin = performance.now();
  let read = 0;
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1_000, streamPrefixes: ['srApplication-'] });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1]!.position;
  }
  return { read, ms: performance.now() - begin };
}
// Three passes, the median reported: one pass on 2 shared cores swings with GC and neighbours.
const passes = [await readPass(), await readPass(), await readPass()].sort((a, b) => a.ms - b.ms);
const { read, ms: readMs } = passes[1]!;

// Baseline in the same run: the same pages straight from SQLite, rows only, no events built.
const raw = new DatabaseSync(join(dir, 'events.sqlite'));
const rawPage = raw.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000');
rawPage.setReturnArrays(true);
started = performance.now();
let rawRead = 0;
let rawAfter = 0;
for (;;) {
  const rows = rawPage.all(rawAfter) as unknown as number[][];
  if (rows.length === 0) break;
  rawRead += rows.length;
  rawAfter = rows[rows.length - 1]![0]!;
}
const rawMs = performance.now() - started;
raw.close();

await store.close();

// The same appends with an fsync per commit (durability 'power-loss'), on fewer events.
const durableTotal = Math.min(total, 20_000);
const durable = await SqliteEventStore.open({ path: join(dir, 'durable.sqlite'), durability: 'power-loss' });
started = performance.now();
for (let stream = 0; stream < durableTotal / batchSize; stream++) {
  await durable.append(streams.srApplication('bench', `cand-${stream}`, 'job'), batchFor(stream), { expectedRevision: 'no_stream' });
}
const durableMs = performance.now() - started;
await durable.close();
rmSync(dir, { recursive: true, force: true });

console.log(`event store (embedded SQLite), ${total} events`);
console.log(`  append, batches of ${batchSize}: ${rate(total, appendMs)} events/s (${appendMs.toFixed(0)} ms; target ≥ 50000)`);
console.log(`  append, batches of ${batchSize}, fsync per commit: ${rate(durableTotal, durableMs)} events/s (${durableTotal} events)`);
console.log(`  $all read, pages of 1000:      ${rate(read, readMs)} events/s (median of 3 passes; best ${rate(read, passes[0]!.ms)}; target ≥ 200000)`);
console.log(`  baseline, raw SQLite rows:     ${rate(rawRead, rawMs)} rows/s; store reads at ${(rawMs / readMs).toFixed(2)}× the raw rate`);
