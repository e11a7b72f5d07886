/**
 * Audit replay throughput: `replayInto` (what `npm run audit -- replay` runs) rebuilding every read
 * model from a generated history into a fresh database. The history is the product's realistic
 * mix (`realisticHistory`: enables, syncs with checkpoints, jobs and stages observed and re-observed,
 * candidates with sealed PII, stage moves, mappings, invites, erasures, lost grants) over many
 * tenants, appended to an embedded event store file. Embedded read store (a SQLite file, `process`
 * durability) always; the Mongo-wire server (FerretDB here) where MONGODB_URL is set, with a smaller
 * history (its writes are ~100× slower; the count is printed). The floor in the same run is the raw
 * pass over the same history (`$all` read in the same pages and validated as the replay validates
 * it): the ratio says what the read models cost on top. Target ≥ 50,000 events/s embedded.
 * Usage: npx tsx bench/audit-replay.ts [events=1000000] [mongoEvents=50000]   (last line: one JSON object)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayInto, scanHistory } from '@srw/audit';
import { categoryPrefix } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { eventMessageOf, projectedCategories, readModelNames } from '@srw/projections';
import { realisticHistory } from '@srw/projections/testing';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { seededRandom } from '@srw/test-support';

const total = Number(process.argv[2] ?? 1_000_000);
const mongoTotal = Number(process.argv[3] ?? 50_000);
const mongoUrl = process.env['MONGODB_URL'];
const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const random = seededRandom('audit-replay history');

/** Appends `count` events of realistic history, four tenants at a time, each event its own append as services do. */
async function generate(path: string, count: number): Promise<{ store: EventStore; tenants: number }> {
  const store = await SqliteEventStore.open({ path });
  let appended = 0;
  let tenants = 0;
  for (let chunk = 0; appended < count; chunk++) {
    const history = realisticHistory(random, { tenants: 4, jobsPerTenant: 250, candidatesPerTenant: 1_000, tenantIdPrefix: `b${chunk}t` });
    tenants += history.tenants.length;
    for (const { stream, event } of history.appends) {
      if (appended === count) break;
      await store.append(stream, [{ id: randomUUID(), type: event.type, data: event.data, metadata: event.metadata }]);
      appended++;
    }
  }
  return { store, tenants };
}

/** The floor: the same pages read and validated, nothing written. */
async function rawPass(store: EventStore): Promise<number> {
  let count = 0;
  for await (const page of scanHistory(store, { streamPrefixes: projectedCategories.map(categoryPrefix), pageSize: 20_000 })) {
    for (const recorded of page) if (eventMessageOf(recorded)) count++;
  }
  return count;
}

async function measure(name: string, store: EventStore, target: ReadStore, count: number) {
  const rawStarted = performance.now();
  const validated = await rawPass(store);
  const rawMs = performance.now() - rawStarted;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await replayInto(store, target, { models: readModelNames });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // On a shared machine the wall clock counts other processes' turns too: the CPU time says what the replay itself cost.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (result.read !== count || validated !== count || result.skipped !== 0) throw new Error(`${name}: replayed ${result.read} (${result.skipped} skipped), validated ${validated}, of ${count}`);
  const documents = Object.values(result.written).reduce((sum, n) => sum + (n ?? 0), 0);
  const figures = { events: count, replayPerSecond: rate(count, ms), rawReadPerSecond: rate(count, rawMs), ratioToRawRead: Number((rawMs / ms).toFixed(2)), documentWrites: documents, seconds: Number((ms / 1000).toFixed(1)), perCpuSecond: rate(count, cpuMs), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  console.log(
    `${name}: ${count.toLocaleString('en')} events replayed into every read model in ${figures.seconds} s: ${figures.replayPerSecond.toLocaleString('en')} events/s ` +
      `(${documents.toLocaleString('en')} document writes); raw read + validation ${figures.rawReadPerSecond.toLocaleString('en')} events/s (replay at ${figures.ratioToRawRead}× of it); ${figures.perCpuSecond.toLocaleString('en')} events per CPU-second of this process; peak RSS ${figures.maxRssMb} MB (the documents are folded in memory)`,
  );
  return figures;
}

const results: Record<string, unknown> = {};
try {
  const generatedAt = performance.now();
  const { store, tenants } = await generate(join(dir, 'events.sqlite'), total);
  console.log(`generated ${total.toLocaleString('en')} events of ${tenants} tenants in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s (not measured)`);
  const embedded = await SqliteReadStore.open({ path: join(dir, 'read-models.sqlite'), durability: 'process' });
  results['embedded'] = await measure('embedded read store (SQLite file)', store, embedded, total);
  await embedded.close();
  await store.close();

  if (mongoUrl) {
    const count = Math.min(total, mongoTotal);
    const small = await generate(join(dir, 'events-mongo.sqlite'), count);
    const { MongoReadStore } = await import('@srw/read-store/mongo');
    const { MongoClient } = await import('mongodb');
    const database = `bench_audit_${randomUUID().slice(0, 8)}`;
    const mongo = await MongoReadStore.open({ url: mongoUrl, database });
    try {
      console.log(`Mongo-wire server: ${count.toLocaleString('en')} events, not ${total.toLocaleString('en')} (FerretDB writes ~100× slower than SQLite here)`);
      results['mongoWire'] = await measure(`Mongo-wire read store (${mongoUrl})`, small.store, mongo, count);
    } finally {
      await mongo.close();
      await small.store.close();
      const client = await MongoClient.connect(mongoUrl);
      await client.db(database).dropDatabase();
      await client.close();
    }
  } else {
    console.log('Mongo-wire server: not measured (MONGODB_URL not set)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const embeddedRate = (results['embedded'] as { replayPerSecond: number }).replayPerSecond;
console.log(`target ≥ 50,000 events/s embedded: ${embeddedRate >= 50_000 ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'audit-replay', targetPerSecond: 50_000, ...results }));
