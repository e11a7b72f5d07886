/**
 * Enable → 10,000 jobs in the `jobs` read model, as deployed: connector-auth, sr-poller and
 * stage-projector each in its own process (`apps/<app>/src/main.ts`), the SR sandbox here with SR's
 * rate limit on (10 requests/s, 8 concurrent). The clock starts at the admin's click on Enable (the
 * consent page is approved at once) and stops when the read model holds every job. The floor is the
 * physical limit: SR calls (counted by the sandbox) / 10 per second. Target: within 15% of it.
 *
 * Adapters: the embedded ones (event store, bus and read store as SQLite files the processes share);
 * then, where MONGODB_URL is set, the same with the read models on the Mongo-wire server.
 * Run: npx tsx bench/sr-enable-10k-jobs.ts [jobs]   (last line: one JSON object with the figures)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { startSrSandbox } from '@srw/sr-sandbox';
import { approveOnConsentPage, eventually, freePort, startAppProcess, type AppProcess } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';

const jobs = Number(process.argv[2] ?? 10_000);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const main = (app: string) => fileURLToPath(new URL(`../apps/${app}/src/main.ts`, import.meta.url));
const mongoUrl = process.env['MONGODB_URL'];

interface Figures {
  adapters: string;
  jobs: number;
  calls: number;
  rateLimited: number;
  syncSeconds: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
}

async function enableToJobs(adapters: 'embedded' | 'mongo-wire'): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-enable-'));
  const tenant = `bench-${randomUUID().slice(0, 8)}`;
  const database = `bench_enable_${randomUUID().slice(0, 8)}`;
  const serviceToken = randomBytes(24).toString('base64url');
  const ring = testKeyRing('k1');
  const authPort = await freePort();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const sandbox = await startSrSandbox({
    port: 0,
    seed: { seed: 42, jobs, candidates: 1_000 },
    client: { clientId: 'willo-connector', clientSecret: randomBytes(16).toString('hex'), redirectUris: [`${authUrl}/oauth/callback`] },
  });
  const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
  const common = {
    ...inherited,
    // `info`: startedUrl waits for the `started` line.
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    EMBEDDED_DURABILITY: 'process',
    ...(adapters === 'mongo-wire' ? { MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database } : {}),
  };
  const vault = { VAULT_KEYS: `k1:${ring.keys['k1']}`, VAULT_CURRENT_KEY_ID: 'k1' };
  const processes: AppProcess[] = [
    startAppProcess('connector-auth', main('connector-auth'), {
      cwd: repoRoot,
      env: {
        ...common,
        ...vault,
        PORT: String(authPort),
        PUBLIC_BASE_URL: authUrl,
        SR_CLIENT_ID: sandbox.client.clientId,
        SR_CLIENT_SECRET: sandbox.client.clientSecret,
        SR_AUTHORIZE_URL: `${sandbox.url}/identity/oauth/allow`,
        SR_TOKEN_URL: `${sandbox.url}/identity/oauth/token`,
        OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
        INTERNAL_SERVICE_TOKEN: serviceToken,
      },
    }),
    startAppProcess('sr-poller', main('sr-poller'), {
      cwd: repoRoot,
      env: { ...common, ...vault, PORT: '0', SR_API_URL: sandbox.url, CONNECTOR_AUTH_URL: authUrl, INTERNAL_SERVICE_TOKEN: serviceToken },
    }),
    startAppProcess('stage-projector', main('stage-projector'), { cwd: repoRoot, env: { ...common, PORT: '0', STAGE_PROJECTOR_GROUP_PREFIX: `bench-${tenant}` } }),
  ];
  let readStore: ReadStore | undefined;
  let closeMongo: (() => Promise<void> | undefined) | undefined;
  const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
  try {
    for (const running of processes) await running.startedUrl();
    readStore =
      adapters === 'mongo-wire'
        ? await (await import('@srw/read-store/mongo')).MongoReadStore.open({ url: mongoUrl!, database })
        : await SqliteReadStore.open({ path: join(dataDir, 'read-models.sqlite') });
    const readModels = await openReadModels(readStore);
    // The jobs not seen in the read model yet, looked up by id (one getMany of 500 ids at a time):
    // paging through every job on each look would load the store the projector writes to.
    const missing = new Set(sandbox.control.tenant().jobs.keys());
    const lookedUpByKey = async () => {
      const ids = [...missing];
      for (let i = 0; i < ids.length; i += 500) {
        const found = await readModels.collections.jobs.getMany(ids.slice(i, i + 500).map((id) => ({ tenantId: tenant, id })));
        for (const doc of found) missing.delete(doc.id);
      }
      return missing.size === 0;
    };
    // FerretDB scans the whole collection for any lookup but one by `_id` alone (see the Mongo
    // adapter's getMany): a count is one scan per look, where the getManys of 500 were twenty.
    const mongo = adapters === 'mongo-wire' ? await (await import('mongodb')).MongoClient.connect(mongoUrl!) : undefined;
    const counted = async () => (await mongo!.db(database).collection('jobs').countDocuments({ tenantId: tenant, deleted: false })) >= jobs;
    const allProjected = mongo ? counted : lookedUpByKey;
    closeMongo = () => mongo?.close();

    const requestsBefore = sandbox.control.requests().length;
    const started = performance.now();
    const { callbackUrl } = await approveOnConsentPage(`${authUrl}/integrations/${tenant}/connect?userId=admin&plan=scale`, { headers: { authorization: `Bearer ${serviceToken}` } });
    const landed = await fetch(callbackUrl, { headers: { accept: 'text/html' } });
    if (landed.status !== 200) throw new Error(`the callback answered ${landed.status}: ${await landed.text()}`);
    // The sync's end (cheap to watch in the event store), then the read model: the two times split
    // SR's share (calls at 10/s) from the projection's lag behind it.
    // From where the last look stopped: a scan from the start every 100 ms would load the machine the
    // processes measured share.
    let watchedTo: number | undefined;
    const syncCompleted = async () => {
      const events = await store.readAll({ streamPrefixes: [`syncRun-${tenant}:`], ...(watchedTo === undefined ? {} : { after: watchedTo }) });
      watchedTo = events.at(-1)?.position ?? watchedTo;
      return events.some((e) => e.type === 'SyncRunCompleted') || undefined;
    };
    await eventually(syncCompleted, {
      what: `the initial sync completed (poller: ${processes[1]!.tail()})`,
      timeoutMs: 30 * 60_000,
      intervalMs: 100,
    });
    const syncMs = performance.now() - started;
    await eventually(async () => (await allProjected()) || undefined, {
      what: `${jobs} jobs in the read model (projector: ${processes[2]!.tail()})`,
      timeoutMs: 60 * 60_000,
      // Each count on the Mongo-wire server scans the collection: not back to back with the projector's writes.
      intervalMs: mongo ? 1_000 : 100,
    });
    const wallMs = performance.now() - started;
    const calls = sandbox.control.requests().length - requestsBefore;
    const floorMs = (calls / 10) * 1000;
    const completed = (await store.readStream(streams.integration(tenant))).length;
    if (completed < 2) throw new Error('the integration stream lacks its connection');
    return {
      adapters,
      jobs,
      calls,
      rateLimited: sandbox.control.stats().rateLimited,
      syncSeconds: Number((syncMs / 1000).toFixed(3)),
      seconds: Number((wallMs / 1000).toFixed(3)),
      floorSeconds: Number((floorMs / 1000).toFixed(3)),
      ratio: Number((wallMs / floorMs).toFixed(3)),
    };
  } finally {
    for (const running of processes) running.child.kill('SIGTERM');
    await Promise.all(processes.map((running) => running.exited));
    await readStore?.close();
    await closeMongo?.();
    await store.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (adapters === 'mongo-wire') {
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(mongoUrl!);
      await client.db(database).dropDatabase().finally(() => client.close());
    }
  }
}

function report(r: Figures): void {
  console.log(`Enable → ${r.jobs} jobs in the jobs read model, three processes, SR rate limit on, ${r.adapters} read store:`);
  console.log(`  SR calls:            ${r.calls} counted by the sandbox (${r.rateLimited} answered 429)`);
  console.log(`  sync completed:      ${r.syncSeconds.toFixed(2)} s after the click on Enable`);
  console.log(`  all jobs projected:  ${r.seconds.toFixed(2)} s after the click on Enable`);
  console.log(`  floor (calls/10/s):  ${r.floorSeconds.toFixed(2)} s`);
  console.log(`  ratio wall/floor:    ${r.ratio.toFixed(3)} (target ≤ 1.15)`);
}

// Each printed once measured: the Mongo-wire run can take far longer than the embedded one.
const results: Figures[] = [await enableToJobs('embedded')];
report(results[0]!);
if (mongoUrl) {
  results.push(await enableToJobs('mongo-wire'));
  report(results[1]!);
} else console.log('(MONGODB_URL not set: the Mongo-wire read store is not measured)');
console.log(JSON.stringify({ bench: 'sr-enable-10k-jobs', results }));
