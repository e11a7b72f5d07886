/**
 * Read-model projection throughput: the events of an initial sync (per job a `JobObserved` and a
 * `JobStagesObserved`, as the poller appends them) applied to every read model, event by event
 * (`ReadModels.apply`: a read and a guarded upsert per event, what stage-projector did before) and in
 * delivered batches (`ReadModels.applyBatch`: one `getMany` and one `writeMany` per read model, what
 * it does now). Same events into a fresh database each way; the documents are compared afterwards.
 * On the embedded read store (a SQLite file, `process` durability) and, where MONGODB_URL is set, the
 * Mongo-wire server (FerretDB here). The floor is the event-by-event rate: the ratio says how many
 * times faster the batch path is (target ≥ 5× on the Mongo-wire server).
 * Usage: npx tsx bench/projection-throughput.ts [jobs=500] [batch=500]   (last line: one JSON object)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams, type EventMessage } from '@srw/contracts';
import { openReadModels } from '@srw/projections';
import { contentHashOf, createEventHistory, dumpReadModels } from '@srw/projections/testing';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';

const jobs = Number(process.argv[2] ?? 500);
const batchSize = Number(process.argv[3] ?? 500);
const mongoUrl = process.env['MONGODB_URL'];
const tenant = `bench${randomUUID().slice(0, 8)}`;

function initialSyncEvents(): readonly EventMessage[] {
  const history = createEventHistory();
  const at = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString();
  for (let n = 0; n < jobs; n++) {
    const jobId = `job-${n}`;
    const snapshot = {
      title: `Backend Engineer ${n}`,
      refNumber: `REF-${n}`,
      status: 'SOURCING',
      postingStatus: 'PUBLIC',
      department: 'Engineering',
      location: 'London, GB',
      createdOn: '2026-01-01T09:00:00.000Z',
      updatedOn: at(n),
    };
    history.append(streams.srJob(tenant, jobId), 'JobObserved', { jobId, snapshot, contentHash: contentHashOf(JSON.stringify(snapshot)) }, at(n));
    const stages = [
      { status: 'NEW', subStatus: null, label: 'New', order: 0 },
      { status: 'INTERVIEW', subStatus: 'Video interview', label: 'Video interview', order: 1 },
    ];
    history.append(streams.srJob(tenant, jobId), 'JobStagesObserved', { jobId, stages, contentHash: contentHashOf(jobId) }, at(n));
  }
  return history.events;
}

interface Kind {
  name: string;
  fresh(): Promise<{ store: ReadStore; drop(): Promise<void> }>;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-projection-'));
const kinds: Kind[] = [
  {
    name: 'embedded (SQLite file)',
    fresh: async () => ({ store: await SqliteReadStore.open({ path: join(dir, `${randomUUID()}.sqlite`) }), drop: async () => undefined }),
  },
];
if (mongoUrl) {
  kinds.push({
    name: `Mongo-wire (${mongoUrl})`,
    fresh: async () => {
      const { MongoReadStore } = await import('@srw/read-store/mongo');
      const database = `bench_projection_${randomUUID().slice(0, 8)}`;
      const store = await MongoReadStore.open({ url: mongoUrl, database });
      return {
        store,
        drop: async () => {
          const { MongoClient } = await import('mongodb');
          const client = await MongoClient.connect(mongoUrl);
          await client.db(database).dropDatabase().finally(() => client.close());
        },
      };
    },
  });
} else {
  console.log('(MONGODB_URL not set: the Mongo-wire read store is not measured)');
}

const events = initialSyncEvents();
const results = [];
for (const kind of kinds) {
  const rates: Record<'oneByOne' | 'batched', number> = { oneByOne: 0, batched: 0 };
  const dumps = [];
  for (const way of ['oneByOne', 'batched'] as const) {
    const { store, drop } = await kind.fresh();
    try {
      const readModels = await openReadModels(store);
      const started = performance.now();
      if (way === 'oneByOne') for (const event of events) await readModels.apply(event);
      else for (let i = 0; i < events.length; i += batchSize) await readModels.applyBatch(events.slice(i, i + batchSize));
      rates[way] = events.length / ((performance.now() - started) / 1000);
      dumps.push(await dumpReadModels(store, [tenant]));
    } finally {
      await store.close();
      await drop();
    }
  }
  if (JSON.stringify(dumps[0]) !== JSON.stringify(dumps[1])) throw new Error(`${kind.name}: the two ways built different read models`);
  const ratio = rates.batched / rates.oneByOne;
  console.log(`${kind.name}: ${events.length} events of ${jobs} jobs`);
  console.log(`  event by event (floor):   ${Math.round(rates.oneByOne)} events/s`);
  console.log(`  batches of ${batchSize}:          ${Math.round(rates.batched)} events/s`);
  console.log(`  ratio batched/floor:      ${ratio.toFixed(1)}×`);
  results.push({ store: kind.name, events: events.length, batchSize, oneByOnePerSecond: Math.round(rates.oneByOne), batchedPerSecond: Math.round(rates.batched), ratio: Number(ratio.toFixed(2)) });
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'projection-throughput', results }));
