/**
 * config-api's job dropdown for a tenant with 10,000 jobs: requests per second and latency
 * percentiles of the first page, of paging on with the cursor, and of a title search, each through
 * the whole HTTP stack in-process (the security edge: request id, JWT check, rate limit, ETag; routing,
 * validation, the read store, the output check), on the embedded read store and, where MONGODB_URL is
 * set, on the Mongo-wire server. Ends with one JSON line of every figure.
 * Target on the 2-core reference machine: p99 < 50 ms embedded (the Mongo-wire figures are reported
 * beside the same target, not held to it: FerretDB on this machine is the CI stand-in, not production).
 * Usage: npx tsx bench/config-api-jobs.ts [jobs=10000] [requests=400] [mongo requests=60]
 * (fewer on the Mongo-wire server: FerretDB answers these queries in tens to hundreds of ms here).
 */
import { randomUUID } from 'node:crypto';
import { createSecuredConfigApi } from '@srw/config-api';
import type { EventStore } from '@srw/event-store';
import { signTestToken, testJwtOptions } from '@srw/http-api/testing';
import { jobsCollection, normaliseTitle, titlePrefixLength, type JobView } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { Hono } from 'hono';

const jobCount = Number(process.argv[2] ?? 10_000);
const embeddedRequests = Number(process.argv[3] ?? 400);
const mongoRequests = Number(process.argv[4] ?? 60);
const tenantId = `bench-${randomUUID().slice(0, 8)}`;
const words = ['Senior', 'Backend', 'Frontend', 'Engineer', 'Designer', 'Product', 'Manager', 'Sales', 'Lead', 'Analyst', 'Data', 'Support', 'Énergie', 'Consultant'];

const targetP99Ms = 50;

function jobView(n: number): JobView {
  const title = `${words[n % words.length]} ${words[(n * 7) % words.length]} ${n}`;
  const titleNormalised = normaliseTitle(title);
  return {
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
}

/** Through the port, as the projection writes them. */
async function seedThroughPort(store: ReadStore): Promise<void> {
  const jobs = await store.collection<JobView>(jobsCollection);
  const batch: Promise<boolean>[] = [];
  for (let n = 0; n < jobCount; n++) {
    const view = jobView(n);
    batch.push(jobs.upsert(tenantId, view.jobId, view, n + 1));
    if (batch.length === 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

/**
 * On the Mongo-wire server, in bulk: the read-store port has no bulk write, and 10,000 guarded upserts
 * one by one take over 7 minutes on FerretDB here. The bench's seeding only (never the app) writes the
 * documents with the driver directly, in the MongoDB adapter's layout (`_id` = tenant NUL id, `tenantId`,
 * `id`, `position`, `deleted`, `data`), after the port has created the collection and its indexes.
 */
async function seedMongoInBulk(store: ReadStore, url: string, database: string): Promise<void> {
  await store.collection<JobView>(jobsCollection);
  const { MongoClient } = await import('mongodb');
  const client = await MongoClient.connect(url);
  try {
    const collection = client.db(database).collection<{ _id: string }>(jobsCollection.name);
    for (let from = 0; from < jobCount; from += 1000) {
      const docs = Array.from({ length: Math.min(1000, jobCount - from) }, (_, i) => {
        const view = jobView(from + i);
        return { _id: `${tenantId}\u0000${view.jobId}`, tenantId, id: view.jobId, position: from + i + 1, deleted: false, data: view };
      });
      await collection.insertMany(docs, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

interface Figures {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, app: Hono, headers: Record<string, string>, paths: () => string, requests: number): Promise<Figures> {
  const latencies: number[] = [];
  // Warm-up: JIT, prepared statements, connection pool.
  for (let i = 0; i < 10; i++) await (await app.request(paths(), { headers })).arrayBuffer();
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const begin = performance.now();
    const response = await app.request(paths(), { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
    latencies.push(performance.now() - begin);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const figures = { label, requestsPerSecond: Math.round(requests / seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
  const verdict = figures.p99Ms < targetP99Ms ? 'under' : 'OVER';
  console.log(`  ${label.padEnd(34)} ${figures.requestsPerSecond.toString().padStart(6)} req/s   p50 ${ms(figures.p50Ms)}   p99 ${ms(figures.p99Ms)} (${verdict} the ${targetP99Ms} ms target)`);
  return figures;
}

const round = (value: number) => Math.round(value * 10) / 10;

async function bench(kind: string, store: ReadStore, seed: (store: ReadStore) => Promise<void>, requests: number): Promise<{ store: string; requests: number; seedSeconds: number; results: Figures[] }> {
  const seeding = performance.now();
  await seed(store);
  const seedSeconds = round((performance.now() - seeding) / 1000);
  console.log(`${kind}: ${jobCount} jobs seeded in ${seedSeconds} s`);
  // The whole edge as production runs it; a rate limit no bench reaches (it measures the API, not the limiter).
  const api = createSecuredConfigApi(
    { eventStore: {} as EventStore, readStore: store, connectorAuth: { authorizationUrl: async () => '', disconnect: async () => undefined }, willoKeyCheck: async () => 'refused' },
    { now: () => Date.now() },
    { jwt: testJwtOptions(), cors: { origins: [] }, bodyLimit: { maxBytes: 65_536 }, rateLimit: { burst: 1e9, perSecond: 1e9 } },
  );
  const app = new Hono();
  for (const [path, routes] of Object.entries(api.routes)) app.route(path, routes);
  const headers = { authorization: `Bearer ${await signTestToken({ tenantId, userId: 'bench', expiresInSeconds: 3600 })}` };
  const results: Figures[] = [];

  results.push(await measure('first page (25, most recent)', app, headers, () => '/v1/jobs?limit=25', requests));
  // Cursors of the first 40 pages, then requests cycling through them.
  const cursors: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 40; page++) {
    const body = (await (await app.request(`/v1/jobs?limit=25${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json()) as { nextCursor?: string };
    if (!body.nextCursor) break;
    cursors.push((cursor = body.nextCursor));
  }
  let next = 0;
  results.push(await measure('paging on (cursor, pages 2-41)', app, headers, () => `/v1/jobs?limit=25&cursor=${cursors[next++ % cursors.length]}`, requests));
  const searches = ['engineer', 'énergie', 'sales lead', 'data', '999'];
  let s = 0;
  results.push(await measure('title search (first page)', app, headers, () => `/v1/jobs?limit=25&q=${encodeURIComponent(searches[s++ % searches.length]!)}`, requests));
  results.push(await measure('rare title search (scans most)', app, headers, () => '/v1/jobs?limit=25&q=9999', requests));
  return { store: kind, requests, seedSeconds, results };
}

const runs: Awaited<ReturnType<typeof bench>>[] = [];

const embedded = await SqliteReadStore.open();
try {
  runs.push(await bench('embedded read store (SQLite, in memory)', embedded, seedThroughPort, embeddedRequests));
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
    runs.push(await bench(`Mongo-wire server (${mongoUrl})`, store, (s) => seedMongoInBulk(s, mongoUrl, database), mongoRequests));
  } finally {
    await store.close();
    const client = await MongoClient.connect(mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  }
} else {
  console.log('Mongo-wire server: skipped (MONGODB_URL not set)');
}

console.log(JSON.stringify({ bench: 'config-api-jobs', jobs: jobCount, targetP99Ms, runs }));
