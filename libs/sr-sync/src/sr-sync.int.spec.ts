import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streams } from '@srw/contracts';
import type { EventStore, RecordedEvent } from '@srw/event-store';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { type SandboxRequest, type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { eventually } from '@srw/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { integrationScopes } from '@srw/smartrecruiters';
import type { SrSyncDeps } from './run-context';
import type { TriggerStage } from './sr-mapping';
import { jobPagesAhead } from './jobs-sync';
import { runIncrementalSync, runInitialSync } from './sr-sync';
import { openEmbeddedEventStore, openEmbeddedPii } from './testing';
import { observeWebhookDelivery } from './webhooks';

const seed = Number(process.env['SR_SYNC_SEED'] ?? 20_261_202);
const jobCount = 250;
const tenantId = 'acme';
const observationPrefixes = ['srJob-', 'srApplication-', 'srCandidate-'];
const childScript = fileURLToPath(new URL('./testing/initial-sync-child.ts', import.meta.url));

describe(`sr-sync against the SR sandbox and the embedded event store (seed ${seed})`, () => {
  let sandbox: SrSandbox;
  let store: EventStore;
  let pii: ReturnType<typeof openEmbeddedPii>;
  let triggers: TriggerStage[];

  beforeAll(async () => {
    console.log(`sr-sync spec: sandbox seed ${seed} (set SR_SYNC_SEED to replay)`);
    // The client keeps SR's budget itself; the sandbox's limit is off so the specs run at full speed.
    sandbox = await startSrSandbox({ port: 0, seed: { seed, jobs: jobCount, candidates: 600 }, rateLimit: false });
  });
  afterAll(() => sandbox.close());

  beforeEach(async () => {
    sandbox.control.seed({ seed, jobs: jobCount, candidates: 600, now: sandbox.control.clock.now() });
    store = await openEmbeddedEventStore();
    // One key store per test, as per deployment: a run's candidate keys are the next run's.
    pii = openEmbeddedPii();
    triggers = pickTriggers(sandbox, 3);
    expect(triggers).toHaveLength(3);
  });
  afterEach(async () => {
    await store.close();
    await pii.keys.close();
  });

  const connect = async () => (await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } })).client;
  const deps = async (overrides: Partial<SrSyncDeps> = {}): Promise<SrSyncDeps> => ({
    tenantId,
    client: await connect(),
    store,
    pii,
    clock: () => new Date(sandbox.control.clock.now()),
    triggers,
    ...overrides,
  });
  const requests = () => sandbox.control.requests();
  const observations = async () => store.readAll({ streamPrefixes: observationPrefixes });
  const runEvents = async (runId: string) => store.readStream(streams.syncRun(tenantId, runId));

  it('initial sync: stages and jobs page by page with progress, then the applications of each trigger stage', async () => {
    const before = requests().length;
    const result = await runInitialSync(await deps(), { runId: 'run-1' });

    expect(result.status).toBe('completed');
    const made = requests().slice(before);
    const jobPages = Math.ceil(jobCount / 100);
    const candidatePages = triggers.length; // each trigger stage holds fewer than 100 applications
    expect(made.filter((r) => r.path === '/configuration/hiring-processes')).toHaveLength(1);
    expect(made.filter((r) => r.path === '/jobs')).toHaveLength(jobPages);
    expect(made.filter((r) => r.path === '/candidates')).toHaveLength(candidatePages);
    // Hiring stages and jobs before any candidate: the job list fills first.
    const firstCandidateCall = made.findIndex((r) => r.path === '/candidates');
    expect(made.slice(firstCandidateCall).some((r) => r.path === '/jobs')).toBe(false);
    expect(result.apiCalls).toBe(made.length);

    const tenant = sandbox.control.tenant();
    const events = await observations();
    const ofType = (type: string) => events.filter((e) => e.type === type);
    expect(new Set(ofType('JobObserved').map((e) => (e.data as { jobId: string }).jobId))).toEqual(new Set(tenant.jobs.keys()));
    expect(ofType('JobStagesObserved')).toHaveLength(jobCount);
    const stages = (ofType('JobStagesObserved')[0]?.data as { stages: { status: string; subStatus: string | null }[] }).stages;
    expect(stages).toContainEqual(expect.objectContaining({ status: 'INTERVIEW', subStatus: 'Video interview' }));

    const expected = expectedApplications(sandbox, triggers);
    expect(expected.length).toBeGreaterThanOrEqual(triggers.length);
    const observed = ofType('ApplicationStageObserved').map((e) => e.data as { candidateId: string; jobId: string; to: unknown; source: string; from: unknown; changedOn: string });
    expect(observed.map((o) => `${o.candidateId}/${o.jobId}`).sort()).toEqual(expected.map((a) => `${a.candidateId}/${a.jobId}`).sort());
    // Each one dated by SR's status history (one call per application found): when it entered the stage, not when it was listed.
    expect(made.filter((r) => r.path.endsWith('/status/history'))).toHaveLength(expected.length);
    for (const o of observed) expect(o).toMatchObject({ source: 'history', from: null });
    for (const o of observed) {
      const application = [...tenant.applications.values()].find((a) => a.candidateId === o.candidateId && a.jobId === o.jobId)!;
      expect(Date.parse(o.changedOn)).toBe(application.history.at(-1)!.changedOn);
    }
    expect(new Set(ofType('CandidateObserved').map((e) => e.stream))).toEqual(new Set(expected.map((a) => streams.srCandidate(tenantId, a.candidateId))));
    // PII only sealed under each candidate's key: the event names the key, and nothing else of the profile.
    for (const e of ofType('CandidateObserved')) expect(Object.keys(e.data as object).sort()).toEqual(['candidateId', 'contentHash', 'pii', 'updatedOn']);
    // Each profile before the candidate's move: the move may trigger an invite at once, which needs the email.
    const profiledAt = new Map(ofType('CandidateObserved').map((e) => [(e.data as { candidateId: string }).candidateId, e.position]));
    for (const e of ofType('ApplicationStageObserved')) expect(profiledAt.get((e.data as { candidateId: string }).candidateId)).toBeLessThan(e.position);

    const run = await runEvents('run-1');
    expect(run.map((e) => e.type)).toEqual([
      'SyncRunStarted',
      'SyncCheckpointReached', // hiring processes
      ...Array(jobPages).fill('SyncCheckpointReached'),
      ...Array(candidatePages).fill('SyncCheckpointReached'),
      'SyncRunCompleted',
    ]);
    const jobCheckpoints = run.filter((e) => e.type === 'SyncCheckpointReached' && (e.data as { resource: string }).resource === 'jobs').map((e) => e.data);
    expect(jobCheckpoints.map((c) => [(c as { done: number }).done, (c as { total: number }).total])).toEqual([
      [100, jobCount],
      [200, jobCount],
      [jobCount, jobCount],
    ]);
    expect((jobCheckpoints.at(-1) as { cursor: unknown }).cursor).toBeNull();
    expect(run.at(-1)?.data).toMatchObject({ apiCalls: made.length, counts: { jobsSeen: jobCount, candidatesSeen: expected.length } });
  });

  it('a repeated sync appends no observation, only its own run record', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    const first = await observations();
    const again = await runInitialSync(await deps(), { runId: 'run-2' });
    expect(again.status).toBe('completed');
    expect(await observations()).toHaveLength(first.length);
    expect(again.counts).toMatchObject({ jobEventsAppended: 0, applicationEventsAppended: 0, candidateEventsAppended: 0 });
    expect((await runEvents('run-2')).at(-1)?.type).toBe('SyncRunCompleted');
  });

  it('an idle incremental cycle costs exactly 1 + trigger stages + audit-feed pages SR calls and appends no observation', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    const appended = (await observations()).length;
    const before = requests().length;

    const result = await runIncrementalSync(await deps(), { runId: 'run-2', sinceRunId: 'run-1' });

    const made = requests().slice(before);
    const auditPages = made.filter((r) => r.path === '/audit-api/v201910/audit-events').length;
    expect(auditPages).toBe(1);
    expect(made).toHaveLength(1 + triggers.length + auditPages);
    expect(made.filter((r) => r.path === '/jobs')).toHaveLength(1);
    expect(made[0]?.query.get('updatedAfter')).toBeTruthy();
    expect(result).toMatchObject({ status: 'completed', apiCalls: made.length });
    expect(await observations()).toHaveLength(appended);
    expect((await runEvents('run-2')).at(-1)?.data).toMatchObject({ apiCalls: 1 + triggers.length + 1 });
  });

  it('an incremental cycle sees an edited job, a move into a trigger stage (poll) and a move in and out between polls (audit)', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    sandbox.control.advanceClock(1_000);
    const tenant = sandbox.control.tenant();

    const job = tenant.jobs.get(tenant.sortedJobIds[7] as string)!;
    job.title = `${job.title} (renamed)`;
    job.updatedOn = sandbox.control.clock.now();

    const trigger = triggers[0]!;
    const mover = [...tenant.applications.values()].find(
      (a) => a.jobId === trigger.jobId && !(a.status === trigger.status && (a.subStatus ?? null) === trigger.subStatus),
    );
    const bouncer = [...tenant.applications.values()].find((a) => a.jobId !== trigger.jobId && a !== mover && a.status === 'NEW');
    expect(mover && bouncer).toBeTruthy();
    const moveTo = (a: { candidateId: string; jobId: string }, status: TriggerStage['status'], subStatus?: string) =>
      expect(sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status, ...(subStatus ? { subStatus } : {}) }).ok).toBe(true);
    moveTo(mover!, trigger.status, trigger.subStatus ?? undefined);
    // In and out between two polls: only the audit feed sees it.
    const bouncerStage = subStatusOf(sandbox, bouncer!.jobId, 'INTERVIEW');
    moveTo(bouncer!, 'INTERVIEW', bouncerStage);
    moveTo(bouncer!, 'REJECTED');

    const before = (await observations()).length;
    const callsBefore = requests().length;
    // No locator given: the run locates each audit move's application with SR's Job Applications API.
    const result = await runIncrementalSync(await deps(), { runId: 'run-2', sinceRunId: 'run-1' });
    expect(result.status).toBe('completed');
    const lookups = requests().slice(callsBefore).filter((r) => r.path.startsWith('/job-applications-api/v202112/job-applications/'));
    // Once per application, however many times it moved; counted with the run's calls.
    expect(lookups.map((r) => r.path).sort()).toEqual([mover!, bouncer!].map((a) => `/job-applications-api/v202112/job-applications/${a.applicationId}`).sort());
    expect(lookups.every((r) => r.status === 200)).toBe(true);
    expect(result.apiCalls).toBe(requests().length - callsBefore);

    const fresh = (await observations()).slice(before);
    const jobEvents = fresh.filter((e) => e.stream === streams.srJob(tenantId, job.id));
    expect(jobEvents.map((e) => e.type)).toEqual(['JobObserved']);
    expect(jobEvents[0]?.data).toMatchObject({ snapshot: { title: job.title } });

    const stageEvents = (candidateId: string, jobId: string) =>
      fresh.filter((e) => e.stream === streams.srApplication(tenantId, candidateId, jobId)).map((e) => e.data as { source: string; to: unknown; from: unknown });
    // The move into the trigger stage comes from the audit feed (with both ends) and is not repeated by the poll.
    const moverEvents = stageEvents(mover!.candidateId, mover!.jobId);
    expect(moverEvents).toHaveLength(1);
    expect(moverEvents[0]).toMatchObject({ source: 'audit', to: { status: trigger.status, subStatus: trigger.subStatus } });
    expect(stageEvents(bouncer!.candidateId, bouncer!.jobId)).toMatchObject([
      { source: 'audit', from: { status: 'NEW', subStatus: null }, to: { status: 'INTERVIEW', subStatus: bouncerStage } },
      { source: 'audit', from: { status: 'INTERVIEW', subStatus: bouncerStage }, to: { status: 'REJECTED', subStatus: null } },
    ]);

    // The bouncer was never listed: its profile is read at its first sight in the feed, before its moves.
    const bouncerStream = streams.srApplication(tenantId, bouncer!.candidateId, bouncer!.jobId);
    const profile = fresh.filter((e) => e.stream === streams.srCandidate(tenantId, bouncer!.candidateId) && e.type === 'CandidateObserved');
    expect(profile).toHaveLength(1);
    expect(profile[0]!.position).toBeLessThan(fresh.find((e) => e.stream === bouncerStream)!.position);

    // The next idle cycle goes on from the audit cursor and the new high-water mark: nothing again.
    const settled = (await observations()).length;
    const again = await runIncrementalSync(await deps(), { runId: 'run-3', sinceRunId: 'run-2' });
    expect(again.counts).toMatchObject({ jobEventsAppended: 0 });
    expect(again.counts['auditEvents'] ?? 0).toBe(0);
    expect(await observations()).toHaveLength(settled);
  });

  it('the audit feed does not observe again a move a webhook delivery already observed', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    sandbox.control.advanceClock(1_000);
    const tenant = sandbox.control.tenant();
    const bouncer = [...tenant.applications.values()].find((a) => a.status === 'NEW')!;
    const stage = subStatusOf(sandbox, bouncer.jobId, 'INTERVIEW');
    expect(sandbox.control.moveCandidate({ candidateId: bouncer.candidateId, jobId: bouncer.jobId, status: 'INTERVIEW', subStatus: stage }).ok).toBe(true);
    // SR's webhook for the move, observed as the intake observes it (the stage read from SR's status history).
    const client = await connect();
    const delivery = { candidateId: bouncer.candidateId, jobId: bouncer.jobId, eventId: 'webhook-event-1' };
    expect(await observeWebhookDelivery({ store, pii, clientFor: async () => client, clock: () => new Date(sandbox.control.clock.now()) }, tenantId, delivery)).toBe('observed');

    const result = await runIncrementalSync(await deps(), { runId: 'run-2', sinceRunId: 'run-1' });
    expect(result.status).toBe('completed');
    // Not vacuous: the feed did report the move.
    expect(result.counts['auditEvents']).toBeGreaterThan(0);
    const moves = (await store.readStream(streams.srApplication(tenantId, bouncer.candidateId, bouncer.jobId))).filter((e) => e.type === 'ApplicationStageObserved');
    expect(moves.map((e) => (e.data as { source: string }).source)).toEqual(['webhook']);
  });

  it('an incremental cycle reads hiring processes once, and only when a job never seen before turns up', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    sandbox.control.advanceClock(1_000);
    const tenant = sandbox.control.tenant();
    const template = tenant.jobs.get(tenant.sortedJobIds[0] as string)!;
    const now = sandbox.control.clock.now();
    for (const id of ['zz-new-job-1', 'zz-new-job-2']) tenant.jobs.set(id, { ...template, id, title: `New ${id}`, createdOn: now, updatedOn: now });
    tenant.reindex();
    const before = requests().length;

    const result = await runIncrementalSync(await deps(), { runId: 'run-2', sinceRunId: 'run-1' });

    const made = requests().slice(before);
    expect(made.filter((r) => r.path === '/configuration/hiring-processes')).toHaveLength(1);
    expect(made).toHaveLength(1 + 1 + 1 + triggers.length);
    expect(result.apiCalls).toBe(made.length);
    for (const id of ['zz-new-job-1', 'zz-new-job-2']) {
      expect((await store.readStream(streams.srJob(tenantId, id))).map((e) => e.type)).toEqual(['JobObserved', 'JobStagesObserved']);
    }
  });

  it('with a grant that may not read job applications, the poll alone observes a move into a trigger stage and audit moves are counted as unresolved', async () => {
    await runInitialSync(await deps(), { runId: 'run-1' });
    sandbox.control.advanceClock(1_000);
    const trigger = triggers[1]!;
    const mover = [...sandbox.control.tenant().applications.values()].find(
      (a) => a.jobId === trigger.jobId && !(a.status === trigger.status && (a.subStatus ?? null) === trigger.subStatus),
    )!;
    sandbox.control.moveCandidate({ candidateId: mover.candidateId, jobId: mover.jobId, status: trigger.status, ...(trigger.subStatus ? { subStatus: trigger.subStatus } : {}) });

    const scopes = integrationScopes().filter((scope) => scope !== 'job_applications_read');
    const narrow = (await connectToSandbox(sandbox, { scopes, settings: { requestsPerSecond: 1000 } })).client;
    const before = requests().length;
    const result = await runIncrementalSync(await deps({ client: narrow }), { runId: 'run-2', sinceRunId: 'run-1' });
    expect(result.counts).toMatchObject({ auditEvents: 1, auditUnresolved: 1, applicationEventsAppended: 1 });
    // SR's 403 ends the lookups for the run rather than failing it.
    expect(requests().slice(before).filter((r) => r.path.startsWith('/job-applications-api/')).map((r) => r.status)).toEqual([403]);
    const events = await store.readStream(streams.srApplication(tenantId, mover.candidateId, mover.jobId));
    expect(events.map((e) => e.data)).toMatchObject([{ source: 'history', from: null, to: { status: trigger.status, subStatus: trigger.subStatus } }]);
  });

  it('records a failed run with its reason and retry flag; a run resuming it fetches only what the failed one had not done', async () => {
    const client = (await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 }, retry: { maxAttempts: 1 } })).client;
    const beforeFailing = requests().length;
    const failing = await runInitialSync(
      await deps({
        client,
        // SR starts failing once the first trigger stage is recorded: the next call is the second
        // trigger's first page (no page is fetched ahead across triggers), so where it fails is fixed.
        onCheckpoint: (c) => {
          if (c.resource === 'candidates') sandbox.control.injectFaults({ serverErrorRate: 1 });
        },
      }),
      { runId: 'run-1' },
    );
    sandbox.control.injectFaults({});
    expect(failing).toMatchObject({ status: 'failed', error: { retryable: true } });
    // The call SR answered with a 5xx counts too (the client was told not to retry).
    expect(failing.apiCalls).toBe(requests().length - beforeFailing);
    expect(requests().at(-1)?.status).toBeGreaterThanOrEqual(500);
    expect((await runEvents('run-1')).at(-1)).toMatchObject({ type: 'SyncRunFailed', data: { retryable: true, apiCalls: failing.apiCalls } });

    const before = requests().length;
    const resumed = await runInitialSync(await deps(), { runId: 'run-2', resumesRunId: 'run-1' });
    expect(resumed.status).toBe('completed');
    const made = requests().slice(before);
    expect(made.filter((r) => r.path === '/jobs')).toHaveLength(0);
    expect(made.filter((r) => r.path === '/configuration/hiring-processes')).toHaveLength(0);
    expect(made.filter((r) => r.path === '/candidates')).toHaveLength(triggers.length - 1);
    // Besides those pages, one status-history read per application the resumed run found.
    const historyReads = made.filter((r) => r.path.endsWith('/status/history')).length;
    expect(historyReads).toBe(resumed.counts['applicationEventsAppended']);
    expect(made).toHaveLength(triggers.length - 1 + historyReads);
    expect((await runEvents('run-2'))[0]?.data).toMatchObject({ resumesRunId: 'run-1' });
    // It starts from run-1's progress: its first checkpoints are run-1's last ones.
    const lastOf = (events: { type: string; data: unknown }[]) =>
      Object.fromEntries(events.filter((e) => e.type === 'SyncCheckpointReached').map((e) => [(e.data as { resource: string }).resource, e.data]));
    const run2 = await runEvents('run-2');
    expect(lastOf(run2.slice(1, 1 + Object.keys(lastOf(await runEvents('run-1'))).length))).toEqual(lastOf(await runEvents('run-1')));
    const applications = new Set((await observations()).filter((e) => e.type === 'ApplicationStageObserved').map((e) => e.stream));
    expect(applications.size).toBe(expectedApplications(sandbox, triggers).length);
    expect((await observations()).filter((e) => e.type === 'JobStagesObserved')).toHaveLength(jobCount);
  });
});

describe(`sr-sync resumes after the poller is killed (seed ${seed})`, () => {
  const jobs = 950;
  const killAfter = 4;
  let sandbox: SrSandbox;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed, jobs, candidates: 50 }, rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'sr-sync-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`a run SIGKILLed right after its ${killAfter}th jobs checkpoint, started again, fetches only the remaining pages`, async () => {
    const dbPath = join(dir, 'events.sqlite');
    const issued = sandbox.control.issueGrant();
    const childGrant = sandbox.control.grants.grantsOf().at(-1)!.id;
    const clockMs = String(sandbox.control.clock.now());
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, sandbox.url, issued.access_token, dbPath, tenantId, 'run-1', String(killAfter), clockMs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const store = await openEmbeddedEventStore(dbPath);
    try {
      const jobCheckpoints = async () =>
        (await store.readStream(streams.syncRun(tenantId, 'run-1'))).filter(
          (e: RecordedEvent) => e.type === 'SyncCheckpointReached' && (e.data as { resource: string }).resource === 'jobs',
        );
      // Killed where the store says it stands, not after some time.
      await eventually(async () => (await jobCheckpoints()).length >= killAfter, { what: `the ${killAfter}th jobs checkpoint`, timeoutMs: 60_000 });
      child.kill('SIGKILL');
      await exited;
      const recorded = await jobCheckpoints();
      expect(recorded).toHaveLength(killAfter);
      expect(recorded.at(-1)?.data).toMatchObject({ done: killAfter * 100, total: jobs });
      expect((await store.readStream(streams.syncRun(tenantId, 'run-1'))).at(-1)?.type).toBe('SyncCheckpointReached');

      const fromChild = (r: SandboxRequest) => r.grantId === childGrant;
      const childJobPages = requests(sandbox).filter((r) => fromChild(r) && r.path === '/jobs').length;
      // At most `jobPagesAhead` pages fetched ahead and never recorded.
      expect(childJobPages).toBeGreaterThanOrEqual(killAfter);
      expect(childJobPages).toBeLessThanOrEqual(killAfter + jobPagesAhead);

      const client = (await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } })).client;
      const result = await runInitialSync({ tenantId, client, store, pii: openEmbeddedPii(), clock: () => new Date(sandbox.control.clock.now()), triggers: [] }, { runId: 'run-1' });
      expect(result.status).toBe('completed');

      const restarted = requests(sandbox).filter((r) => !fromChild(r) && r.grantId !== undefined);
      const totalPages = Math.ceil(jobs / 100);
      expect(restarted.filter((r) => r.path === '/jobs')).toHaveLength(totalPages - killAfter);
      expect(restarted.filter((r) => r.path === '/configuration/hiring-processes')).toHaveLength(0);
      expect(result.apiCalls).toBe(totalPages - killAfter);

      const jobEvents = await store.readAll({ streamPrefixes: ['srJob-'] });
      const jobIds = new Set(jobEvents.filter((e) => e.type === 'JobObserved').map((e) => e.stream));
      expect(jobIds.size).toBe(jobs);
      // Each job once: the pages fetched ahead by the killed process were not observed twice.
      expect(jobEvents.filter((e) => e.type === 'JobObserved')).toHaveLength(jobs);
      const run = await store.readStream(streams.syncRun(tenantId, 'run-1'));
      expect(run.filter((e) => e.type === 'SyncRunStarted')).toHaveLength(1);
      expect(run.at(-1)).toMatchObject({ type: 'SyncRunCompleted' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await store.close();
    }
  });
});

const requests = (sandbox: SrSandbox) => sandbox.control.requests();

/** Trigger stages that hold a few applications each (fewer than a page), from the seeded tenant. */
function pickTriggers(sandbox: SrSandbox, count: number): TriggerStage[] {
  const groups = new Map<string, TriggerStage & { size: number }>();
  for (const a of sandbox.control.tenant().applications.values()) {
    if (a.status === 'NEW') continue;
    const key = `${a.jobId}/${a.status}/${a.subStatus ?? ''}`;
    const group = groups.get(key) ?? { jobId: a.jobId, status: a.status, subStatus: a.subStatus ?? null, size: 0 };
    group.size++;
    groups.set(key, group);
  }
  const jobsWithOthers = new Set([...sandbox.control.tenant().applications.values()].map((a) => a.jobId));
  return [...groups.entries()]
    .filter(([, g]) => g.size >= 1 && g.size < 100 && jobsWithOthers.has(g.jobId))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .filter(([, g], index, all) => all.findIndex(([, other]) => other.jobId === g.jobId) === index && (sandbox.control.tenant().candidatesByJob.get(g.jobId)?.length ?? 0) > g.size)
    .slice(0, count)
    .map(([, { size: _size, ...trigger }]) => trigger);
}

function expectedApplications(sandbox: SrSandbox, triggers: readonly TriggerStage[]) {
  return [...sandbox.control.tenant().applications.values()].filter((a) =>
    triggers.some((t) => t.jobId === a.jobId && t.status === a.status && t.subStatus === (a.subStatus ?? null)),
  );
}

/** A step of `status` in the hiring process of the job. */
function subStatusOf(sandbox: SrSandbox, jobId: string, status: 'INTERVIEW'): string {
  const tenant = sandbox.control.tenant();
  const process = tenant.hiringProcesses.find((p) => p.id === tenant.jobs.get(jobId)?.hiringProcessId);
  return process!.subStatuses[status][0]!;
}
