/**
 * config-api's job dropdown for a tenant with 10,000 jobs: requests per second and latency
 * percentiles of the first page, of paging on with the cursor, and of a title search, each through
 * the whole HTTP stack in-process (routing, validation, the read store, the output check), on the
 * embedded read store and, where MONGODB_URL is set, on the Mongo-wire server.
 * Target on the 2-core reference machine: p99 < 50 ms embedded.
 * Usage: npx tsx bench/config-api-jobs.ts [jobs=10000] [requests=400]
 */
import { randomUUID } from 'node:crypto';
import { createConfigApi } from '@srw/config-api';
import type { EventStore } from '@srw/event-store';
import { jobsCollection, normaliseTitle, titlePrefixLength, type JobView } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { Hono } from 'hono';

const jobCount = Number(process.argv[2] ?? 10_000);
const requests = Number(process.argv[3] ?? 400);
const tenantId = `bench-${randomUUID().slice(0, 8)}`;
const words = ['Senior', 'Backend', 'Frontend', 'Engineer', 'Designer', 'Product', 'Manager', 'Sales', 'Lead', 'Analyst', 'Data', 'Support', 'Énergie', 'Consultant'];

async function seed(store: ReadStore): Promise<void> {
  const jobs = await store.collection<JobView>(jobsCollection);
  const batch: Promise<boolean>[] = [];
  for (let n = 0; n < jobCount; n++) {
    const title = `${words[n % words.length]} ${words[(n * 7) % words.length]} ${n}`;
    const titleNormalised = normaliseTitle(title);
    const view: JobView = {
      jobId: `job-${n}`,
      title,
      titleNormalised,
      titlePrefix: titleNormalised.slice(0, titlePrefixLength),
      refNumber: `REF-${n}`,
      status: 'SOURCING',
      postingStatus: 'PUBLIC',
      department: 'Engineering',
      location: 'London, GB',
      createdOn: '2025-01-01T00:00:00.000Z',
      updatedOn: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    };
    batch.push(jobs.upsert(tenantId, view.jobId, view, n + 1));
    if (batch.length === 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, app: Hono, paths: () => string): Promise<void> {
  const latencies: number[] = [];
  // Warm-up: JIT, prepared statements, connection pool.
  for (let i = 0; i < 20; i++) await (await app.request(paths())).arrayBuffer();
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const begin = performance.now();
    const response = await app.request(paths());
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
    latencies.push(performance.now() - begin);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`  ${label.padEnd(34)} ${Math.round(requests / seconds).toString().padStart(6)} req/s   p50 ${ms(percentile(latencies, 50))}   p99 ${ms(percentile(latencies, 99))}`);
}

async function bench(kind: string, store: ReadStore): Promise<void> {
  const seeding = performance.now();
  await seed(store);
  console.log(`${kind}: ${jobCount} jobs seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const api = createConfigApi(
    { eventStore: {} as EventStore, readStore: store, connectorAuth: { authorizationUrl: async () => '', disconnect: async () => undefined } },
    { now: () => Date.now() },
    {
      authenticate: async (c, next) => {
        c.set('caller', { tenantId, userId: 'bench' });
        await next();
      },
    },
  );
  const app = new Hono();
  for (const [path, routes] of Object.entries(api.routes)) app.route(path, routes);

  await measure('first page (25, most recent)', app, () => '/v1/jobs?limit=25');
  // Cursors of the first 40 pages, then requests cycling through them.
  const cursors: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 40; page++) {
    const body = (await (await app.request(`/v1/jobs?limit=25${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { nextCursor?: string };
    if (!body.nextCursor) break;
    cursors.push((cursor = body.nextCursor));
  }
  let next = 0;
  await measure('paging on (cursor, pages 2-41)', app, () => `/v1/jobs?limit=25&cursor=${cursors[next++ % cursors.length]}`);
  const searches = ['engineer', 'énergie', 'sales lead', 'data', '999'];
  let s = 0;
  await measure('title search (first page)', app, () => `/v1/jobs?limit=25&q=${encodeURIComponent(searches[s++ % searches.length]!)}`);
  await measure('rare title search (scans most)', app, () => '/v1/jobs?limit=25&q=9999');
}

const embedded = await SqliteReadStore.open();
try {
  await bench('embedded read store (SQLite, in memory)', embedded);
} finally {
  await embedded.close();
}

const mongoUrl = process.env['MONGODB_URL'];
if (mongoUrl) {
  const { MongoReadStore } = await import('@srw/read-store/mongo');
  const { MongoClient } = await import('mongodb');
  const database = `bench_config_api_${randomUUID().slice(0, 8)}`;
  const store = await MongoReadStore.open({ url: mongoUrl, database });
  try {
    await bench(`Mongo-wire server (${mongoUrl})`, store);
  } finally {
    await store.close();
    const client = await MongoClient.connect(mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  }
} else {
  console.log('Mongo-wire server: skipped (MONGODB_URL not set)');
}
