import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEvent, streams, topics } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels, type ReadModels } from '@srw/projections';
import { MongoReadStore } from '@srw/read-store/mongo';
import { appendEvents } from '@srw/runtime';
import { startSrSandbox, type SandboxRequest, type SrSandbox } from '@srw/sr-sandbox';
import { announceSkip, approveOnConsentPage, eventually, freePort, startAppProcess, type AppProcess } from '@srw/test-support';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { testKeyRing } from '@srw/vault/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The sync-and-projection flow distributed as deployed: connector-auth, sr-poller and stage-projector
 * each in its own process (`node --import tsx apps/<app>/src/main.ts`, configured by environment
 * only), on real Kafka (KAFKA_BROKERS) as the bus and the Mongo-wire server (MONGODB_URL; FerretDB
 * here) as read store, vault and lease store. The event store is EventStoreDB where ESDB_URL is set;
 * otherwise it is the embedded SQLite file `DATA_DIR/events.sqlite`, which the three processes share
 * (the embedded store is safe across processes: its contract races four of them on one file).
 * The SR sandbox runs in this process, so the test holds its requests and reads its request log.
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const mains = {
  connectorAuth: fileURLToPath(new URL('../../connector-auth/src/main.ts', import.meta.url)),
  srPoller: fileURLToPath(new URL('./main.ts', import.meta.url)),
  stageProjector: fileURLToPath(new URL('../../stage-projector/src/main.ts', import.meta.url)),
};
const brokers = process.env['KAFKA_BROKERS'];
const mongoUrl = process.env['MONGODB_URL'];
const esdbUrl = process.env['ESDB_URL'];
/** 3 pages of 100: the poller is killed while it waits for the 2nd. */
const jobCount = 300;
const heldPage = 2;
const doneBeforeKill = (heldPage - 1) * 100;
/**
 * Ceiling of the waits on the read models. stage-projector writes each delivered batch with one
 * insertMany per read model (a few hundred documents a second on FerretDB's SQLite backend, which
 * takes ~15 ms a guarded update), but a loaded machine can still need tens of seconds. Not a timed assertion.
 */
const projectionTimeoutMs = 180_000;

/** The SR page a `/jobs` request asked for: its `pageId`, or the first page. */
const pageOf = (request: SandboxRequest) => request.query.get('pageId') ?? '(first page)';
const initialJobPages = (requests: readonly SandboxRequest[]) => requests.filter((r) => r.path === '/jobs' && !r.query.has('updatedAfter'));

if (!brokers || !mongoUrl) {
  // In CI the global setup fails the run before this: there a missing server is never a skip.
  announceSkip('distributed enable and sync (three processes on Kafka and the Mongo-wire server)', 'KAFKA_BROKERS or MONGODB_URL not set and no container runtime');
}

describe.skipIf(!brokers || !mongoUrl)('connector-auth, sr-poller and stage-projector, each its own process, on Kafka and the Mongo-wire server', () => {
  const run = randomUUID().slice(0, 8);
  const tenant = `dist-${run}`;
  const database = `dist_e2e_${run}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'dist-e2e-'));
  const ring = testKeyRing('k1');
  const secrets = {
    serviceToken: randomBytes(24).toString('base64url'),
    clientSecret: `client-secret-${randomBytes(12).toString('hex')}`,
    stateKey: randomBytes(32).toString('base64'),
    vaultKey: ring.keys['k1']!,
  };
  /** Tokens and codes met during the run: none may reach a log line or an event. */
  const seenSecrets = new Set<string>(Object.values(secrets));
  const processes: AppProcess[] = [];
  let sandbox: SrSandbox;
  let store: EventStore;
  let readStore: MongoReadStore;
  let readModels: ReadModels;
  let authUrl: string;

  function start(name: string, main: string, env: Record<string, string>): AppProcess {
    const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
    const running = startAppProcess(name, main, {
      cwd: repoRoot,
      env: {
        ...inherited,
        LOG_LEVEL: 'debug',
        DATA_DIR: dataDir,
        EMBEDDED_DURABILITY: 'process',
        KAFKA_BROKERS: brokers!,
        MONGODB_URL: mongoUrl!,
        MONGODB_DATABASE: database,
        ...(esdbUrl ? { ESDB_URL: esdbUrl } : {}),
        ...env,
      },
    });
    processes.push(running);
    return running;
  }

  const groups = {
    projector: `dist-e2e-projector-${run}`,
    poller: `dist-e2e-poller-${run}`,
    replicas: [`first-${run}`, `second-${run}`] as const,
  };
  const pollerEnv = (replicaId: string) => ({
    PORT: '0',
    SR_API_URL: sandbox.url,
    CONNECTOR_AUTH_URL: authUrl,
    INTERNAL_SERVICE_TOKEN: secrets.serviceToken,
    VAULT_KEYS: `k1:${secrets.vaultKey}`,
    VAULT_CURRENT_KEY_ID: 'k1',
    SR_POLLER_GROUP_PREFIX: groups.poller,
    SR_POLLER_REPLICA_ID: replicaId,
    // The restarted poller takes the dead one's tenant over once its lease lapses: the shortest allowed.
    SR_POLLER_LEASE_TTL_MS: '3000',
  });

  async function integrationEvents(): Promise<string[]> {
    return (await store.readStream(streams.integration(tenant))).map((event) => event.type);
  }

  async function accessToken(): Promise<string> {
    const answer = await fetch(`${authUrl}/internal/access-token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant }),
    });
    expect(answer.status).toBe(200);
    const token = ((await answer.json()) as { accessToken: string }).accessToken;
    seenSecrets.add(token);
    return token;
  }

  /** The refresh tokens SR holds for its grants now (each refresh rotates them). */
  function noteRefreshTokens(): void {
    for (const grant of sandbox.control.grants.grantsOf()) if (grant.refreshToken) seenSecrets.add(grant.refreshToken);
  }

  beforeAll(async () => {
    const authPort = await freePort();
    authUrl = `http://127.0.0.1:${authPort}`;
    // SR's rate limit stays on (10/s, 8 concurrent): the poller must live within it.
    sandbox = await startSrSandbox({
      port: 0,
      seed: { seed: 8, jobs: jobCount, candidates: 20 },
      client: { clientId: 'willo-connector', clientSecret: secrets.clientSecret, redirectUris: [`${authUrl}/oauth/callback`] },
    });
    store = esdbUrl
      ? await (await import('@srw/event-store/esdb')).EsdbEventStore.open({ connectionString: esdbUrl })
      : await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
    readStore = await MongoReadStore.open({ url: mongoUrl!, database });
    readModels = await openReadModels(readStore);
    await startKafkaGroupsAtTopicEnds(brokers!.split(','), [
      { groupId: `${groups.projector}.integration`, topics: [topics.integration] },
      { groupId: `${groups.projector}.observations`, topics: [topics.observations] },
      ...groups.replicas.map((replica) => ({ groupId: `${groups.poller}.${replica}`, topics: [topics.integration, topics.mapping] })),
    ]);
    // kafkajs sets a group's offsets by joining it: about 5 s for each of the six.
  }, 240_000);

  afterAll(async () => {
    // Only when a test failed half-way: the processes it started, each by its pid.
    const left = processes.filter((running) => running.child.exitCode === null && running.child.signalCode === null);
    for (const running of left) running.child.kill('SIGKILL');
    await Promise.all(left.map((running) => running.exited));
    await store?.close();
    await readStore?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
    // FerretDB 1.24 (SQLite backend) crashed twice here (SIGBUS in SQLite's WAL index) dropping a
    // database that SIGKILLed clients had been querying: after a failure it is left for a later look.
    if (left.length > 0) {
      // Every line of every process, for the post-mortem (a failure message carries only the tails).
      const logFile = join(tmpdir(), `dist-e2e-${run}.log`);
      writeFileSync(logFile, processes.flatMap((running) => running.lines.map((line) => `${running.name}\t${line}`)).join('\n'));
      return console.warn(`left the database ${database} on ${mongoUrl} (the test failed); the processes' output is in ${logFile}`);
    }
    const client = await MongoClient.connect(mongoUrl!);
    try {
      await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('Enable on the consent page → jobs and stages in the read models; the poller SIGKILLed mid-sync resumes from its checkpoint; refresh; a revoked grant → reauthorise; no secret in any log line or event', { timeout: 600_000 }, async () => {
    const auth = start('connector-auth', mains.connectorAuth, {
      PORT: String(authUrl.split(':').at(-1)),
      PUBLIC_BASE_URL: authUrl,
      SR_CLIENT_ID: sandbox.client.clientId,
      SR_CLIENT_SECRET: secrets.clientSecret,
      SR_AUTHORIZE_URL: `${sandbox.url}/identity/oauth/allow`,
      SR_TOKEN_URL: `${sandbox.url}/identity/oauth/token`,
      VAULT_KEYS: `k1:${secrets.vaultKey}`,
      VAULT_CURRENT_KEY_ID: 'k1',
      OAUTH_STATE_KEY: secrets.stateKey,
      INTERNAL_SERVICE_TOKEN: secrets.serviceToken,
    });
    const projector = start('stage-projector', mains.stageProjector, { PORT: '0', STAGE_PROJECTOR_GROUP_PREFIX: groups.projector });
    const firstPoller = start('sr-poller', mains.srPoller, pollerEnv(groups.replicas[0]));
    for (const running of [auth, projector, firstPoller]) expect((await fetch(`${await running.startedUrl()}/readyz`)).status).toBe(200);

    // The barrier: SR's answer to the 2nd jobs page is held until the poller is gone.
    let jobPagesAsked = 0;
    const hold = sandbox.control.holdRequest((r) => r.path === '/jobs' && ++jobPagesAsked === heldPage);

    // The admin's browser: Enable (as config-api sends it) → SR's consent page → Allow → our callback.
    const { consentUrl, callbackUrl: callback, code } = await approveOnConsentPage(`${authUrl}/integrations/${tenant}/connect?userId=admin&plan=scale`, {
      headers: { authorization: `Bearer ${secrets.serviceToken}` },
    });
    expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(`${sandbox.url}/identity/oauth/allow`);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${authUrl}/oauth/callback`);
    seenSecrets.add(code!);
    const landed = await fetch(callback, { headers: { accept: 'text/html' } });
    expect(landed.status, await landed.clone().text()).toBe(200);
    expect(await landed.text()).toContain('SmartRecruiters is connected');
    await accessToken();
    noteRefreshTokens();

    // Mid-sync: the poller waits on page 2, the first is recorded; the admin sees the progress.
    await hold.reached;
    await eventually(
      async () =>
        (await store.readAll({ streamPrefixes: [`syncRun-${tenant}:`] })).find((e) => {
          const checkpoint = e.data as { resource?: string; done?: number };
          return e.type === 'SyncCheckpointReached' && checkpoint.resource === 'jobs' && checkpoint.done === doneBeforeKill;
        })?.stream,
      { what: `the checkpoint of the page before the held one (poller output: ${firstPoller.tail()})` },
    );
    const syncing = await eventually(
      async () => {
        const view = (await readModels.collections.integrations.get(tenant, tenant))?.data;
        return view?.sync?.resources['jobs']?.done === doneBeforeKill ? view : undefined;
      },
      { what: `"syncing" with the progress of the recorded pages in the integrations read model (projector output: ${projector.tail()})`, timeoutMs: projectionTimeoutMs },
    );
    expect(syncing).toMatchObject({ status: 'syncing', connection: 'connected', sync: { kind: 'initial', resources: { jobs: { done: doneBeforeKill, total: jobCount } } } });

    // kill -9 while SR has not answered: the held page is never delivered (the sandbox logs it as 499).
    firstPoller.child.kill('SIGKILL');
    expect(await firstPoller.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const heldRequest = await eventually(() => sandbox.control.requests().find((r) => r.status === 499), { what: 'the held page answered to nobody' });
    const beforeRestart = sandbox.control.requests().length;

    // A new replica (its own consumer group) rebuilds its book from the topics (from where this run
    // began), takes the lease over at its expiry and goes on with the same run from its checkpoint.
    const secondPoller = start('sr-poller (restarted)', mains.srPoller, pollerEnv(groups.replicas[1]));
    const completed = await eventually(
      // The run the checkpoint belongs to, or (should a lease have lapsed under load) the one that resumed it.
      async () => (await store.readAll({ streamPrefixes: [`syncRun-${tenant}:initial-`] })).find((e) => e.type === 'SyncRunCompleted'),
      { what: `the resumed initial run completed (output: ${secondPoller.tail()})`, timeoutMs: 90_000 },
    );
    expect(completed.stream).toMatch(new RegExp(`^syncRun-${tenant}:initial-`));

    const afterRestart = initialJobPages(sandbox.control.requests().slice(beforeRestart));
    expect(pageOf(afterRestart[0]!)).toBe(pageOf(heldRequest));
    expect(afterRestart).toHaveLength(jobCount / 100 - (heldPage - 1));
    expect(sandbox.control.requests().slice(beforeRestart).filter((r) => r.path === '/configuration/hiring-processes')).toEqual([]);
    // Across both processes every page was delivered exactly once: none fetched again after its checkpoint.
    const delivered = initialJobPages(sandbox.control.requests()).filter((r) => r.status === 200).map(pageOf);
    expect(delivered).toHaveLength(jobCount / 100);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(sandbox.control.stats().rateLimited).toBe(0);

    // The read models, written by stage-projector from Kafka into the Mongo-wire server.
    const enabled = await eventually(
      async () => {
        const view = (await readModels.collections.integrations.get(tenant, tenant))?.data;
        return view?.lastSync?.outcome === 'completed' ? view : undefined;
      },
      { what: `the integration enabled (projector output: ${projector.tail()})`, timeoutMs: projectionTimeoutMs },
    );
    expect(enabled).toMatchObject({ status: 'enabled', connection: 'connected', plan: 'scale', intervalSeconds: 300, sync: null, error: null });
    // Another read model than integrations: written in its own step, so awaited on its own.
    const runView = await eventually(
      async () => {
        const run = (await readModels.collections.syncRuns.get(tenant, enabled.lastSync!.runId))?.data;
        return run?.progress['jobs']?.done === jobCount ? run : undefined;
      },
      { what: 'the completed run in syncRuns', timeoutMs: projectionTimeoutMs },
    );
    expect(runView.progress['jobs']).toEqual({ done: jobCount, total: jobCount });
    const jobIds = await eventually(
      async () => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await readModels.collections.jobs.find(tenant, { limit: 500, ...(cursor ? { cursor } : {}) });
          ids.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids.length === jobCount ? ids : undefined;
      },
      // Each look pages through every job: look less often than the default, not to slow the projector.
      { what: `${jobCount} jobs in the jobs read model`, timeoutMs: projectionTimeoutMs, intervalMs: 500 },
    );
    expect(jobIds.sort()).toEqual([...sandbox.control.tenant().jobs.keys()].sort());
    const someJob = jobIds[0]!;
    const stages = await eventually(async () => (await readModels.collections.hiringStages.get(tenant, someJob))?.data, { what: 'the hiring stages of a job', timeoutMs: projectionTimeoutMs });
    expect(stages.stages.length).toBeGreaterThan(0);

    // SR's clock passes the access token's 30 minutes: SR answers 401, the poller hands the token back,
    // connector-auth refreshes once; "sync now" (as config-api appends it) runs an incremental cycle.
    sandbox.control.advanceClock(31 * 60_000);
    const metadata = { tenantId: tenant, correlationId: `sync-now-${run}`, causationId: `sync-now-${run}`, observedAt: new Date().toISOString() };
    await appendEvents(store, streams.integration(tenant), [{ event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'admin' }, metadata) }]);
    await eventually(
      async () => (await store.readAll({ streamPrefixes: [`syncRun-${tenant}:incremental-`] })).find((e) => e.type === 'SyncRunCompleted'),
      { what: `the incremental run after the refresh completed (output: ${secondPoller.tail()})`, timeoutMs: 60_000 },
    );
    expect((await integrationEvents()).filter((type) => type === 'AccessTokenRefreshed')).toHaveLength(1);
    await accessToken();
    noteRefreshTokens();

    // SR withdraws the grant: the next run's 401 makes the poller hand the token back, connector-auth's
    // refresh is refused, it records AuthorizationLost, and the admin is asked to reauthorise.
    sandbox.control.revokeGrants();
    const revoked = { ...metadata, correlationId: `sync-after-revoke-${run}`, causationId: `sync-after-revoke-${run}`, observedAt: new Date().toISOString() };
    await appendEvents(store, streams.integration(tenant), [{ event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'admin' }, revoked) }]);
    const reauthorise = await eventually(
      async () => {
        const view = (await readModels.collections.integrations.get(tenant, tenant))?.data;
        return view?.status === 'reauthorise' ? view : undefined;
      },
      { what: `"reauthorise" in the integrations read model (poller: ${secondPoller.tail()})`, timeoutMs: projectionTimeoutMs },
    );
    expect(reauthorise).toMatchObject({ connection: 'reauthorise', nextSyncAt: null, error: { action: expect.stringContaining('Reconnect') } });
    expect((await integrationEvents()).filter((type) => type === 'AuthorizationLost')).toHaveLength(1);

    // Disconnect: the grant is dropped, the schedule stops, the admin sees it disabled.
    const disconnect = await fetch(`${authUrl}/integrations/${tenant}/disconnect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin' }),
    });
    expect(disconnect.status).toBe(200);
    await eventually(async () => ((await readModels.collections.integrations.get(tenant, tenant))?.data.status === 'disabled' ? true : undefined), {
      what: 'the integration disabled in the read model',
      timeoutMs: projectionTimeoutMs,
    });
    expect((await integrationEvents()).at(-1)).toBe('IntegrationDisconnected');

    // SIGTERM: each process stops cleanly (once started: it has joined its groups).
    for (const running of [secondPoller, projector, auth]) await running.startedUrl();
    for (const running of [secondPoller, projector, auth]) running.child.kill('SIGTERM');
    for (const running of [secondPoller, projector, auth]) expect(await running.exited, `${running.name}: ${running.tail()}`).toEqual({ code: 0, signal: null });

    // Secrets: every line the four processes wrote, and every event of the store, scanned for each.
    const lines = processes.flatMap((running) => running.lines);
    expect(lines.some((line) => line.includes('SR access token refreshed'))).toBe(true);
    const events = (await store.readAll()).map((event) => JSON.stringify(event));
    expect(events.length).toBeGreaterThan(jobCount);
    // The service token, client secret, state key, vault key, the code, two access and two refresh tokens.
    expect(seenSecrets.size).toBeGreaterThanOrEqual(9);
    for (const secret of seenSecrets) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
      expect(events.filter((json) => json.includes(secret))).toEqual([]);
    }
  });
});
