import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBus } from '@srw/bus/embedded';
import { MongoClient } from 'mongodb';
import { createEvent, relayCategoriesOf, streams } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { appendEvents, createService, startRelay, type Adapters, type Service } from '@srw/runtime';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { jobPagesAhead, runInitialSync, type SyncRunResult } from '@srw/sr-sync';
import { openEmbeddedPii } from '@srw/sr-sync/testing';
import { testKeyRing } from '@srw/vault/testing';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { announceSkip, createGate, eventually } from '@srw/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SrPollerConfig } from './config';
import type { LeaseStore } from './scheduler/lease-store/lease-store.port';
import { connectMongoLeaseStore } from './scheduler/lease-store/mongo-lease-store';
import { openSqliteLeaseStore } from './scheduler/lease-store/sqlite-lease-store';
import type { SchedulerClock } from './scheduler/scheduler-clock';
import type { SrPoller } from './sr-poller';
import { srPollerService } from './sr-poller.service';
import { ManualClock } from './testing/manual-clock';

const jobCount = 120;
const vaultKeys = `k1:${testKeyRing('k1').keys['k1']}`;
const seed = 20_261_202;

/**
 * sr-poller over the embedded event store and bus, against the SR sandbox over HTTP. Tokens come
 * from the sandbox's own OAuth grant (`connectToSandbox`, as libs/smartrecruiters' specs do), not
 * from connector-auth: its endpoint is another service's concern, and the client only needs an
 * `AccessTokenSource`.
 */
const mongoUrl = process.env['MONGODB_URL'];
const leaseStores: [string, (dir: string) => Promise<LeaseStore>][] = [['SQLite leases', async (dir) => openSqliteLeaseStore(join(dir, 'leases.sqlite'))]];
if (mongoUrl) {
  const collection = `leases_${randomUUID().slice(0, 8)}`;
  leaseStores.push([`MongoDB-wire leases (${mongoUrl})`, () => connectMongoLeaseStore(mongoUrl, { database: 'sr_poller_int_tests', collection: `${collection}_${randomUUID().slice(0, 4)}` })]);
  afterAll(async () => {
    const client = await MongoClient.connect(mongoUrl);
    try {
      await client.db('sr_poller_int_tests').dropDatabase();
    } finally {
      await client.close();
    }
  });
} else {
  announceSkip('sr-poller with MongoDB leases', 'MONGODB_URL not set');
}

describe.each(leaseStores)('sr-poller on the embedded event store and bus, against the SR sandbox, with %s', (_name, openLeases) => {
  let sandbox: SrSandbox;
  let dir: string;
  let eventStore: SqliteEventStore;
  let bus: SqliteBus;
  let readStore: SqliteReadStore;
  let leases: LeaseStore;
  let pii: ReturnType<typeof openEmbeddedPii>;
  const clients = new Map<string, SmartRecruitersClient>();
  const services: Service<SrPollerConfig>[] = [];
  let connectorAuthRelay: { stop(): Promise<void> };

  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed, jobs: jobCount, candidates: 200 }, rateLimit: false });
  });
  afterAll(() => sandbox.close());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sr-poller-int-'));
    eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    bus = await SqliteBus.open({ pollIntervalMs: 20 });
    readStore = await SqliteReadStore.open();
    leases = await openLeases(dir);
    pii = openEmbeddedPii();
    // connector-auth's and config-api's relays: they publish what the poller consumes (its own runs' events among them).
    connectorAuthRelay = startRelay({ store: eventStore, bus, categories: [...relayCategoriesOf('connector-auth'), ...relayCategoriesOf('config-api')], subscriptionId: 'connector-auth' });
  });
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
    pollers.clear();
    await connectorAuthRelay.stop();
    await leases.close();
    await pii.keys.close();
    await bus.close();
    await eventStore.close();
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A poller replica on the shared stores; their adapters outlive it, so its stop closes none of them. */
  const pollers = new Map<string, SrPoller>();
  async function startPoller(
    replicaId: string,
    runs: { tenantId: string; result: SyncRunResult }[],
    clock?: SchedulerClock,
    own: { leases?: LeaseStore; srClientFor?: (tenantId: string) => SmartRecruitersClient; stopGraceMs?: number } = {},
  ) {
    const adapters: Adapters = { eventStore, bus, readStore, kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' }, close: async () => undefined };
    const service = await createService(
      srPollerService({
        leases: own.leases ?? leases,
        pii,
        srClientFor: own.srClientFor ?? ((tenantId) => clients.get(tenantId) as SmartRecruitersClient),
        options: { replicaId, onRun: (tenantId, result) => runs.push({ tenantId, result }), ...(own.stopGraceMs === undefined ? {} : { stopGraceMs: own.stopGraceMs }) },
        onCreated: (poller) => pollers.set(replicaId, poller),
        ...(clock ? { clock } : {}),
      }),
      {
        adapters,
        env: { PORT: '0', LOG_LEVEL: 'error', VAULT_KEYS: vaultKeys, VAULT_CURRENT_KEY_ID: 'k1', CONNECTOR_AUTH_URL: 'http://127.0.0.1:9', INTERNAL_SERVICE_TOKEN: 'x'.repeat(32), SR_POLLER_GROUP_PREFIX: 'sr-poller-spec' },
      },
    );
    services.push(service);
    await service.start();
    return service;
  }

  async function connect(tenantId: string) {
    clients.set(tenantId, (await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } })).client);
    const metadata = { tenantId, correlationId: `c-${tenantId}`, causationId: `c-${tenantId}`, observedAt: new Date().toISOString() };
    await appendEvents(eventStore, streams.integration(tenantId), [
      { event: createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, metadata) },
      { event: createEvent('IntegrationConnected', { connectedBy: 'admin', scopes: ['jobs_read'], accessTokenExpiresAt: new Date(Date.now() + 1_800_000).toISOString() }, metadata) },
    ]);
  }

  const runStreamsOf = async (store: EventStore, tenantId: string) => {
    const events = await store.readAll({ streamPrefixes: [`syncRun-${tenantId}:`] });
    return events;
  };

  it('IntegrationConnected on the bus → the initial sync runs against the sandbox: every job observed, the run recorded', async () => {
    const runs: { tenantId: string; result: SyncRunResult }[] = [];
    const service = await startPoller('replica-a', runs);
    expect((await service.app.request('/readyz')).status).toBe(200);

    // A mapped trigger stage (as config-api appends it): the initial run polls its candidates too.
    const application = [...sandbox.control.tenant().applications.values()].find((a) => a.status !== 'NEW')!;
    const trigger = { status: application.status, subStatus: application.subStatus ?? null };
    const mappingMetadata = { tenantId: 'acme', correlationId: 'map', causationId: 'map', observedAt: new Date().toISOString() };
    await appendEvents(eventStore, streams.interviewMapping('acme', 'iv1'), [
      { event: createEvent('InterviewJobsConnected', { interviewId: 'iv1', appliedBy: 'admin', jobs: [{ jobId: application.jobId, triggerStages: [trigger], backfill: false }] }, mappingMetadata) },
    ]);
    await eventually(() => (pollers.get('replica-a')!.book.triggersOf('acme').length === 1 ? true : undefined), { what: 'the mapping folded' });
    await connect('acme');

    const completed = await eventually(async () => (await runStreamsOf(eventStore, 'acme')).find((e) => e.type === 'SyncRunCompleted'), {
      what: "acme's initial run completed",
    });
    const runEvents = (await runStreamsOf(eventStore, 'acme')).filter((e) => e.stream === completed.stream);
    expect(runEvents[0]).toMatchObject({ type: 'SyncRunStarted', data: { kind: 'initial' } });
    expect(runEvents.filter((e) => e.type === 'SyncCheckpointReached').length).toBeGreaterThanOrEqual(Math.ceil(jobCount / 100));

    const jobs = await eventStore.readAll({ streamPrefixes: ['srJob-acme:'] });
    const observedJobIds = new Set(jobs.filter((e) => e.type === 'JobObserved').map((e) => (e.data as { jobId: string }).jobId));
    expect(observedJobIds).toEqual(new Set(sandbox.control.tenant().jobs.keys()));
    expect(runs).toEqual([{ tenantId: 'acme', result: expect.objectContaining({ status: 'completed' }) }]);

    // The trigger stage's candidates observed, their PII sealed with each one's own key: no name in clear.
    const candidates = (await eventStore.readAll({ streamPrefixes: ['srCandidate-acme:'] })).filter((e) => e.type === 'CandidateObserved');
    expect(candidates.length).toBeGreaterThan(0);
    const candidate = sandbox.control.tenant().candidates.get(application.candidateId)!;
    expect(JSON.stringify(candidates)).not.toContain(candidate.email);

    // The next sync: an incremental one from this run, Growth's 30 minutes after it started.
    const runId = completed.stream.slice('syncRun-acme:'.length);
    const poller = pollers.get('replica-a')!;
    await eventually(async () => (poller.scheduler.isRunning('acme') ? undefined : poller.scheduler.dueAt('acme')), { what: 'the next sync planned' });
    expect(poller.scheduler.dueAt('acme')).toBe(Date.parse((runEvents[0]!.metadata as { observedAt: string }).observedAt) + 30 * 60_000);
    expect(poller.book.nextRun('acme', () => 'next')).toEqual({ kind: 'incremental', runId: 'incremental-next', sinceRunId: runId });
  });

  it('a replica restarted under the same id (its consumer group already past the history) rebuilds its book from the store and plans its tenants again', async () => {
    const runs: { tenantId: string; result: SyncRunResult }[] = [];
    const first = await startPoller('replica-a', runs);
    await connect('acme');
    await eventually(async () => (await runStreamsOf(eventStore, 'acme')).some((e) => e.type === 'SyncRunCompleted') || undefined, { what: "acme's initial run completed" });
    const before = pollers.get('replica-a')!;
    const dueAt = await eventually(() => (before.scheduler.isRunning('acme') ? undefined : before.scheduler.dueAt('acme')), { what: 'the next sync planned' });
    await first.stop();
    services.splice(services.indexOf(first), 1);

    await startPoller('replica-a', runs);
    const after = pollers.get('replica-a')!;
    expect(after).not.toBe(before);
    // Nothing new on the topics: only the store can tell the new process that acme is connected.
    await eventually(() => after.scheduler.dueAt('acme'), { what: 'acme planned again after the restart' });
    // Planned from the recorded run (Growth: 30 minutes after it), not synced again at once.
    expect(after.scheduler.dueAt('acme')).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(Math.abs(after.scheduler.dueAt('acme')! - dueAt)).toBeLessThan(60_000);
    expect(after.book.connectedTenants().map((t) => t.tenantId)).toEqual(['acme']);
  });

  it('two replicas on one event store, bus and lease store: each tenant is synced by exactly one of them', async () => {
    const runs: { tenantId: string; result: SyncRunResult }[] = [];
    await startPoller('replica-a', runs);
    await startPoller('replica-b', runs);
    const tenants = ['t1', 't2', 't3', 't4', 't5', 't6'];
    for (const tenantId of tenants) await connect(tenantId);

    for (const tenantId of tenants) {
      await eventually(async () => (await runStreamsOf(eventStore, tenantId)).some((e) => e.type === 'SyncRunCompleted'), { what: `${tenantId}'s initial run completed` });
    }
    for (const tenantId of tenants) {
      const started = (await runStreamsOf(eventStore, tenantId)).filter((e) => e.type === 'SyncRunStarted');
      expect(started, `${tenantId}: one run`).toHaveLength(1);
      const working = runs.filter((r) => r.tenantId === tenantId && r.result.apiCalls > 0);
      expect(working, `${tenantId}: SR called by one replica`).toHaveLength(1);
    }
  });

  it("a dead replica's interrupted initial run is taken over when its lease expires, and resumed from its checkpoints", async () => {
    const clock = new ManualClock(Date.now());
    await connect('acme');
    const connected = (await eventStore.readStream(streams.integration('acme'))).find((e) => e.type === 'IntegrationConnected')!;
    const runId = `initial-${connected.id}`;

    const jobsRequests = () => sandbox.control.requests().filter((r) => r.path === '/jobs').length;
    const jobsRequestsAtStart = jobsRequests();
    // The dead replica: it holds the lease and hangs after its first page of jobs, never to return.
    const deadLease = (await leases.acquire('acme', 'dead-replica', 60_000, clock.now()))!;
    const hung = createGate();
    const zombie = runInitialSync(
      {
        tenantId: 'acme',
        client: clients.get('acme')!,
        store: eventStore,
        pii,
        clock: () => new Date(clock.now()),
        triggers: [],
        onCheckpoint: (checkpoint) => (checkpoint.resource === 'jobs' ? hung.wait() : undefined),
      },
      { runId },
    ).catch(() => undefined);
    await hung.reached;
    // While it hangs, the pages it had asked for ahead of the first still arrive: counted once they have.
    const readAhead = Math.min(1 + jobPagesAhead, Math.ceil(jobCount / 100));
    await eventually(() => jobsRequests() - jobsRequestsAtStart >= readAhead || undefined, { what: "the dead replica's pages read ahead" });
    const jobsRequestsBefore = jobsRequests();

    const runs: { tenantId: string; result: SyncRunResult }[] = [];
    await startPoller('replica-b', runs, clock);
    const poller = pollers.get('replica-b')!;
    // Refused while the dead replica's lease holds: planned for just after it expires.
    await eventually(() => (poller.scheduler.dueAt('acme') === deadLease.expiresAt + 1 ? true : undefined), { what: 'a retry planned at the lease expiry' });
    expect(runs).toEqual([]);

    clock.advanceTo(deadLease.expiresAt + 1);
    await eventually(() => runs[0], { what: 'the taken-over run' });
    expect(runs[0]).toMatchObject({ tenantId: 'acme', result: { runId, status: 'completed' } });
    // One page was done: only the remaining ones are fetched again.
    const jobsRequestsAfter = sandbox.control.requests().filter((r) => r.path === '/jobs').length;
    expect(jobsRequestsAfter - jobsRequestsBefore).toBe(Math.ceil(jobCount / 100) - 1);
    const started = (await runStreamsOf(eventStore, 'acme')).filter((e) => e.type === 'SyncRunStarted');
    expect(started).toHaveLength(1);
    // The zombie wakes to find its run completed by the replica that took over; it ends without harm.
    hung.open();
    await zombie;
    expect((await runStreamsOf(eventStore, 'acme')).filter((e) => e.type === 'SyncRunCompleted')).toHaveLength(1);
  });
  // Its first runs (shred branch) timed out waiting for B's run: the poller retried a failed run at
  // once when the book called the tenant due (a pending initial run is always due), so A took the lease
  // it had just lost back from under B, went on with the retry and stopped at the still-closed page gate.
  // The retry delay now holds after a failure (tenant-sync-runner's planNext); the assertion on A's plan
  // below keeps it so.
  it('a replica whose lease is taken mid-sync stops calling SR at once and records the run failed; the new holder goes on from the last checkpoint; the sync completes once', async () => {
    const clock = new ManualClock(Date.now());
    // Replica A's SR calls, as its client sends them; its second jobs page is held before it is sent.
    const sentByA: string[] = [];
    const secondPage = createGate();
    const fetchOfA: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/jobs' && url.searchParams.has('pageId')) {
        await Promise.race([secondPage.wait(), new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))]);
      }
      init?.signal?.throwIfAborted();
      sentByA.push(`${url.pathname}${url.search}`);
      return fetch(input, init);
    };
    const settings = { requestsPerSecond: 1000, requestTimeoutMs: 600_000 };
    const clientOfA = (await connectToSandbox(sandbox, { settings, fetch: fetchOfA })).client;
    const runsOfA: { tenantId: string; result: SyncRunResult }[] = [];
    await startPoller('replica-a', runsOfA, clock, { srClientFor: () => clientOfA });
    await connect('acme');
    const jobPagesOfB: string[] = [];
    const clientOfB = (await connectToSandbox(sandbox, {
      settings,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname === '/jobs') jobPagesOfB.push(url.searchParams.get('pageId') ?? 'first');
        return fetch(input, init);
      },
    })).client;
    const connected = (await eventStore.readStream(streams.integration('acme'))).find((e) => e.type === 'IntegrationConnected')!;
    const runId = `initial-${connected.id}`;

    // A is mid-sync: its first jobs page checkpointed, the second one held at the gate.
    await secondPage.reached;
    await eventually(async () => (await eventStore.readStream(streams.syncRun('acme', runId))).some((e) => e.type === 'SyncCheckpointReached' && (e.data as { resource: string }).resource === 'jobs'), { what: "A's first jobs checkpoint" });
    const checkpoint = (await eventStore.readStream(streams.syncRun('acme', runId))).filter((e) => e.type === 'SyncCheckpointReached').at(-1)!.data as { cursor: string };

    // Replica B, whose lease acquisitions wait at a gate until the test lets them through.
    const mayAcquire = createGate();
    const leasesOfB: LeaseStore = { ...leases, acquire: async (...args) => (await mayAcquire.wait(), leases.acquire(...args)), renew: (...a) => leases.renew(...a), release: (...a) => leases.release(...a), holder: (...a) => leases.holder(...a), close: async () => undefined };
    const runsOfB: { tenantId: string; result: SyncRunResult }[] = [];
    await startPoller('replica-b', runsOfB, clock, { leases: leasesOfB, srClientFor: () => clientOfB });
    await mayAcquire.reached;

    // The lease is taken from A (released behind its back, as an operator or a store failover would), then A's renewal comes due.
    const held = (await leases.holder('acme', clock.now()))!;
    expect(held.owner).toBe('replica-a');
    expect(await leases.release(held, clock.now())).toBe(true);
    const sentBeforeLoss = sentByA.length;
    clock.advance(60_000 / 3 + 1);
    await eventually(() => runsOfA[0], { what: "A's run to end after the loss" });
    expect(runsOfA[0]!.result).toMatchObject({ runId, status: 'failed', error: { code: 'SYNC_ABORTED', retryable: true } });
    // A does not try again at once (its pending initial run is "due"): it waits its retry delay, so the lease is B's to take.
    expect(pollers.get('replica-a')!.scheduler.dueAt('acme')).toBe(clock.now() + 60_000);
    // Not one SR call from A after the loss: the held page was cancelled unsent, nothing followed it.
    secondPage.open();
    expect(sentByA.length).toBe(sentBeforeLoss);
    expect(sentByA.filter((path) => path.startsWith('/jobs'))).toHaveLength(1);
    const recorded = await eventStore.readStream(streams.syncRun('acme', runId));
    expect(recorded.map((e) => e.type)).toEqual(['SyncRunStarted', 'SyncCheckpointReached', 'SyncCheckpointReached', 'SyncRunFailed']);

    // B, once it has heard of A's failure, takes the lease and goes on from A's last checkpoint.
    await eventually(() => (pollers.get('replica-b')!.book.get('acme')?.pendingInitial?.resumesRunId === runId ? true : undefined), { what: "B to hear of A's failed run" });
    mayAcquire.open();
    await eventually(() => runsOfB[0], { what: "B's run" });
    expect(runsOfB[0]!.result).toMatchObject({ status: 'completed', runId: `${runId}~1` });
    // Only the page after the checkpoint, once: nothing A checkpointed is fetched again.
    expect(jobPagesOfB).toEqual([(JSON.parse(checkpoint.cursor) as { pageId: string }).pageId]);
    const ends = (await runStreamsOf(eventStore, 'acme')).filter((e) => e.type === 'SyncRunCompleted' || e.type === 'SyncRunFailed').map((e) => e.type);
    expect(ends.sort()).toEqual(['SyncRunCompleted', 'SyncRunFailed']);
    const observedJobs = await eventStore.readAll({ streamPrefixes: ['srJob-acme:'] });
    expect(new Set(observedJobs.filter((e) => e.type === 'JobObserved').map((e) => e.stream)).size).toBe(jobCount);
  });
  it('stopped mid-sync: once the grace period is over the run is aborted (its SR call cancelled, recorded failed, the lease released) before stop resolves; the next start resumes from its checkpoint and appends nothing twice', async () => {
    const clock = new ManualClock(Date.now());
    const graceMs = 5_000;
    await connect('acme');
    const connected = (await eventStore.readStream(streams.integration('acme'))).find((e) => e.type === 'IntegrationConnected')!;
    const runId = `initial-${connected.id}`;
    // This test's own, in SR's log: the sandbox serves every test of the file.
    const logFrom = sandbox.control.requests().length;
    const jobPages = () => sandbox.control.requests().slice(logFrom).filter((r) => r.path === '/jobs');
    // The run's second jobs page is parked at SR: it is mid-sync, waiting on SR, when the stop comes.
    const secondPage = sandbox.control.holdRequest((r) => r.path === '/jobs' && r.query.has('pageId'));
    try {
      const runs: { tenantId: string; result: SyncRunResult }[] = [];
      const service = await startPoller('replica-a', runs, clock, { stopGraceMs: graceMs });
      const poller = pollers.get('replica-a')!;
      await secondPage.reached;
      await eventually(async () => (await eventStore.readStream(streams.syncRun('acme', runId))).some((e) => e.type === 'SyncCheckpointReached' && (e.data as { resource: string }).resource === 'jobs'), { what: 'the first jobs checkpoint' });
      const checkpoint = (await eventStore.readStream(streams.syncRun('acme', runId))).filter((e) => e.type === 'SyncCheckpointReached').at(-1)!.data as { cursor: string };

      services.splice(services.indexOf(service), 1);
      let stopped = false;
      const stopping = service.stop().then(() => void (stopped = true));
      // The scheduler's grace period has begun (its timer is the earliest; the lease's renewal comes a third into its 60 s).
      await eventually(() => (clock.nextTimerAt === clock.now() + graceMs ? true : undefined), { what: 'the grace period to begin' });
      expect(stopped).toBe(false);
      expect(poller.scheduler.isRunning('acme')).toBe(true);
      expect(runs).toEqual([]);

      clock.advance(graceMs);
      await stopping;
      // Ended before stop resolved, not abandoned: recorded failed and retryable, its lease free for the next holder.
      expect(runs).toHaveLength(1);
      expect(runs[0]!.result).toMatchObject({ runId, status: 'failed', error: { code: 'SYNC_ABORTED', retryable: true } });
      expect(poller.scheduler.isRunning('acme')).toBe(false);
      expect(await leases.holder('acme', clock.now())).toBeUndefined();
      const recorded = await eventStore.readStream(streams.syncRun('acme', runId));
      expect(recorded.map((e) => e.type)).toEqual(['SyncRunStarted', 'SyncCheckpointReached', 'SyncCheckpointReached', 'SyncRunFailed']);
      // Its parked page was cancelled by the client: SR never delivered it.
      await eventually(() => jobPages().find((r) => r.query.has('pageId')), { what: 'the parked page in the log' });
      expect(jobPages().filter((r) => r.query.has('pageId')).map((r) => r.status)).toEqual([499]);

      // The next start goes on from the checkpoint: the page after it, once, and every job observed once.
      const pagesBefore = jobPages().length;
      const restarted: { tenantId: string; result: SyncRunResult }[] = [];
      await startPoller('replica-a-restarted', restarted, clock);
      const again = pollers.get('replica-a-restarted')!;
      const resumed = await eventually(
        () => {
          const done = restarted.find((run) => run.result.runId === `${runId}~1`);
          if (done) return done;
          // It may first try the stopped run itself (the bus brings the connection before that run's failure): it
          // finds it failed, learns the run that goes on from it and plans that one after its retry delay.
          const dueAt = again.scheduler.dueAt('acme');
          if (!again.scheduler.isRunning('acme') && dueAt !== undefined && dueAt > clock.now()) clock.advanceTo(dueAt);
          return undefined;
        },
        { what: 'the resumed run' },
      );
      expect(resumed.result).toMatchObject({ status: 'completed' });
      expect(jobPages().slice(pagesBefore).map((r) => [r.query.get('pageId'), r.status])).toEqual([[(JSON.parse(checkpoint.cursor) as { pageId: string }).pageId, 200]]);
      const observedJobs = (await eventStore.readAll({ streamPrefixes: ['srJob-acme:'] })).filter((e) => e.type === 'JobObserved');
      expect(observedJobs).toHaveLength(jobCount);
      expect(new Set(observedJobs.map((e) => e.stream)).size).toBe(jobCount);
      // The stopped run's record is as it ended: a look at it from the restart appended nothing to it.
      expect((await eventStore.readStream(streams.syncRun('acme', runId))).map((e) => e.type)).toEqual(recorded.map((e) => e.type));
    } finally {
      secondPage.release();
    }
  });
});
