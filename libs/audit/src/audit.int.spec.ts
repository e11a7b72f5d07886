import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createEvent, streams, type DomainEvent, type NewMetadata } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels, replayReadModels } from '@srw/projections';
import { contentHashOf, realisticHistory } from '@srw/projections/testing';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { appendEvents } from '@srw/runtime';
import { announceSkip, eventually, seededRandom } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from './run-audit';
import type { TrailEntry } from './trail';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

/**
 * A history on an embedded event store in its own DATA_DIR: two tenants of realistic history, a
 * third tenant whose id starts with the first's (`tenant1` / `tenant10`: a stream prefix alone
 * would mix them), one causal chain (a stage move → the invite it triggered → sent → a response →
 * the note), and after `mark` a version-1 `CandidateObserved` with PII in clear and a job's new title.
 */
interface AuditHistory {
  dataDir: string;
  store: EventStore;
  /** Ids of the chain's events, by type. */
  chain: Record<'observation' | 'requested' | 'sent' | 'response' | 'note', string>;
  /** Between the events before and after it, on the store's clock. */
  mark: Date;
  start: Date;
  tenant1Events: number;
}

async function waitForClockPast(time: number): Promise<Date> {
  return eventually(() => (Date.now() > time ? new Date(Date.now()) : undefined), { what: 'the clock to move on' });
}

async function appendHistory(store: EventStore, size: { tenants: number; jobsPerTenant: number; candidatesPerTenant: number }) {
  const history = realisticHistory(seededRandom('audit history'), size);
  for (const { stream, event } of history.appends) await appendEvents(store, stream, [{ event, id: randomUUID() }]);
  return history;
}

async function auditHistory(): Promise<AuditHistory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'audit-int-'));
  const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  const start = new Date(Date.now() - 1);
  const history = await appendHistory(store, { tenants: 2, jobsPerTenant: 4, candidatesPerTenant: 6 });
  const meta = (tenantId: string, causationId: string, correlationId = 'move-42'): NewMetadata => ({ tenantId, correlationId, causationId, observedAt: new Date().toISOString() });
  const add = async (stream: string, event: DomainEvent) => {
    const id = randomUUID();
    await appendEvents(store, stream, [{ event, id }]);
    return id;
  };
  // The sibling tenant: same job and candidate ids as tenant1.
  await add(streams.integration('tenant10'), createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, meta('tenant10', 'req-t10')));
  await add(streams.srApplication('tenant10', 'cand9', 'job1'), createEvent('ApplicationStageObserved', { candidateId: 'cand9', jobId: 'job1', from: null, to: { status: 'INTERVIEW', subStatus: null }, changedOn: '2026-01-02T00:00:00Z', source: 'poll' }, meta('tenant10', 'sync-t10')));
  await add(streams.invite('tenant10', 'iv9', 'cand9'), createEvent('InviteRequested', { interviewId: 'iv9', candidateId: 'cand9', jobId: 'job1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' }, meta('tenant10', 'x')));

  const observation = await add(
    streams.srApplication('tenant1', 'cand9', 'job1'),
    createEvent('ApplicationStageObserved', { candidateId: 'cand9', jobId: 'job1', from: null, to: { status: 'INTERVIEW', subStatus: null }, changedOn: '2026-01-02T00:00:00Z', source: 'webhook' }, meta('tenant1', 'sr-webhook-event-7')),
  );
  const invite = streams.invite('tenant1', 'iv9', 'cand9');
  const requested = await add(invite, createEvent('InviteRequested', { interviewId: 'iv9', candidateId: 'cand9', jobId: 'job1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' }, meta('tenant1', observation)));
  const sent = await add(invite, createEvent('InviteSent', { willoParticipantId: 'p9', invitedAt: '2026-01-02T00:01:00Z', attempt: 1 }, meta('tenant1', requested)));
  const response = await add(invite, createEvent('ResponseReceived', { willoParticipantId: 'p9', completedAt: '2026-01-03T00:00:00Z', reviewUrl: 'https://willo.example/r/9', source: 'webhook' }, meta('tenant1', 'willo-delivery-1', 'willo-delivery-1')));
  const note = await add(invite, createEvent('NoteWritten', { srMessageId: 'm9', writtenAt: '2026-01-03T00:00:05Z', recoveredFromExisting: false }, meta('tenant1', response, 'willo-delivery-1')));

  const before = await store.readAll();
  const mark = await waitForClockPast(before.at(-1)!.recordedAt.getTime());
  await waitForClockPast(mark.getTime());
  // Written before PII was encrypted: `appendEvents` refuses version 1 now, so straight to the store.
  await store.append(streams.srCandidate('tenant1', 'cand8'), [
    {
      id: randomUUID(),
      type: 'CandidateObserved',
      data: { candidateId: 'cand8', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, updatedOn: '2026-01-04T00:00:00Z', contentHash: contentHashOf('Ada') },
      metadata: { ...meta('tenant1', 'sync-late'), schemaVersion: 1 },
    },
  ]);
  await add(
    streams.srJob('tenant1', 'job0'),
    createEvent('JobObserved', { jobId: 'job0', snapshot: { title: 'Renamed after the mark', refNumber: null, status: 'SOURCING', postingStatus: 'PUBLIC', department: null, location: null, createdOn: '2026-01-01T00:00:00Z', updatedOn: '2027-01-05T00:00:00Z' }, contentHash: contentHashOf('late') }, meta('tenant1', 'sync-late')),
  );
  const tenant1Events = history.appends.filter(({ event }) => event.metadata.tenantId === 'tenant1').length + 5 + 2;
  return { dataDir, store, chain: { observation, requested, sent, response, note }, mark, start, tenant1Events };
}

/** The live read models, as stage-projector left them: every event applied. */
async function projectLive(store: EventStore, readStore: ReadStore) {
  await replayReadModels(store, await openReadModels(readStore));
  await readStore.close();
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function audit(argv: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runAudit(argv, env, { stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const jsonLines = <T>(text: string): T[] => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);

describe('the audit command on the embedded stores', () => {
  let history: AuditHistory;
  let env: Record<string, string>;

  beforeAll(async () => {
    history = await auditHistory();
    env = { DATA_DIR: history.dataDir };
    await projectLive(history.store, await SqliteReadStore.open({ path: join(history.dataDir, 'read-models.sqlite') }));
  }, 120_000);

  afterAll(async () => {
    await history?.store.close();
    if (history) rmSync(history.dataDir, { recursive: true, force: true });
  });

  it('trail of a tenant: every event of theirs in position order, none of the tenant whose id starts with theirs', async () => {
    const { code, stdout } = await audit(['trail', '--tenant', 'tenant1', '--format', 'jsonl'], env);
    expect(code).toBe(0);
    const entries = jsonLines<TrailEntry>(stdout);
    expect(entries).toHaveLength(history.tenant1Events);
    expect(entries.every((entry) => /^[a-zA-Z]+-tenant1(:|$)/.test(entry.stream))).toBe(true);
    expect(entries.map((entry) => entry.position)).toEqual([...entries.map((entry) => entry.position)].sort((a, b) => a - b));
    expect(new Set(entries.map((entry) => entry.type))).toEqual(
      new Set(['IntegrationEnableRequested', 'IntegrationConnected', 'SyncRunStarted', 'JobObserved', 'JobStagesObserved', 'CandidateObserved', 'ApplicationStageObserved', 'SyncCheckpointReached', 'SyncRunCompleted', 'InterviewJobsConnected', 'InterviewJobDisconnected', 'InviteRequested', 'InviteSent', 'InviteFailed', 'PlanChanged', 'SyncRunFailed', 'SyncRequested', 'CandidatePiiErased', 'AuthorizationLost', 'AccessTokenRefreshed', 'ResponseReceived', 'NoteWritten']),
    );
  });

  it('trail of an interview: the invite with its decision, response and note, and the stage move that caused it, each with time, source and cause', async () => {
    const { code, stdout } = await audit(['trail', '--tenant', 'tenant1', '--interview', 'iv9', '--format', 'jsonl'], env);
    expect(code).toBe(0);
    const entries = jsonLines<TrailEntry>(stdout);
    const { chain } = history;
    expect(entries.map((entry) => [entry.type, entry.source, entry.causedBy?.kind === 'event' ? entry.causedBy.type : entry.causedBy?.id])).toEqual([
      ['ApplicationStageObserved', 'sr-poller via webhook', 'sr-webhook-event-7'],
      ['InviteRequested', 'stage-projector', 'ApplicationStageObserved'],
      ['InviteSent', 'invite-dispatcher', 'InviteRequested'],
      ['ResponseReceived', 'response-writeback via webhook', 'willo-delivery-1'],
      ['NoteWritten', 'response-writeback', 'ResponseReceived'],
    ]);
    expect(entries[1]!.causedBy).toEqual({ kind: 'event', id: chain.observation, type: 'ApplicationStageObserved', position: entries[0]!.position });
    expect(entries.every((entry) => entry.observedAt && entry.recordedAt && entry.correlationId)).toBe(true);
    expect(entries.every((entry) => entry.stream.includes('-tenant1:'))).toBe(true);

    const text = await audit(['trail', '--tenant', 'tenant1', '--interview', 'iv9'], env);
    expect(text.stdout.trim().split('\n')[1]).toMatch(new RegExp(`#\\d+  InviteRequested  invite-tenant1:iv9:cand9  stage-projector  caused by #${entries[0]!.position} ApplicationStageObserved  correlation move-42$`));
  });

  it('trail of a candidate and of a job: their observations, invites and mappings, nothing of the other tenant', async () => {
    const candidate = jsonLines<TrailEntry>((await audit(['trail', '--tenant', 'tenant1', '--candidate', 'cand9', '--format', 'jsonl'], env)).stdout);
    expect(candidate.map((entry) => entry.type)).toEqual(['ApplicationStageObserved', 'InviteRequested', 'InviteSent', 'ResponseReceived', 'NoteWritten']);
    const job = jsonLines<TrailEntry>((await audit(['trail', '--tenant', 'tenant1', '--job', 'job1', '--format', 'jsonl'], env)).stdout);
    const streamsSeen = new Set(job.map((entry) => entry.stream.replace(/:.*/, '')));
    expect(streamsSeen).toEqual(new Set(['srJob-tenant1', 'srApplication-tenant1', 'interviewMapping-tenant1', 'invite-tenant1']));
    expect(job.filter((entry) => entry.type === 'InviteRequested').map((entry) => (entry.data as { jobId: string }).jobId)).toEqual(['job1']);
    for (const entry of job) {
      if (entry.stream.startsWith('srApplication-')) expect(entry.stream).toMatch(/:job1$/);
    }
  });

  it('export of a window as JSON Lines and CSV: the tenant\'s events recorded in it, PII sealed or redacted, never another tenant\'s', async () => {
    const before = await audit(['export', '--tenant', 'tenant1', '--from', history.start.toISOString(), '--to', history.mark.toISOString()], env);
    expect(before.code).toBe(0);
    const early = jsonLines<{ tenantId: string; stream: string; type: string; recordedAt: string; data: { pii?: unknown } }>(before.stdout);
    expect(early).toHaveLength(history.tenant1Events - 2);
    expect(early.every((row) => row.tenantId === 'tenant1' && /^[a-zA-Z]+-tenant1(:|$)/.test(row.stream))).toBe(true);
    expect(before.stderr).toBe(`audit: exported ${early.length} events of tenant tenant1\n`);
    const sealed = early.filter((row) => row.type === 'CandidateObserved');
    expect(sealed.length).toBeGreaterThan(0);
    for (const row of sealed) expect(row.data.pii).toEqual({ keyId: expect.any(String), ciphertext: expect.any(String) });

    const out = join(history.dataDir, 'late.csv');
    const after = await audit(['export', '--tenant', 'tenant1', '--from', history.mark.toISOString(), '--to', new Date(Date.now() + 60_000).toISOString(), '--format', 'csv', '--out', out], env);
    expect(after.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('position,recordedAt,observedAt,tenantId,stream,revision,id,type,schemaVersion,correlationId,causationId,data');
    expect(lines.slice(1).map((line) => line.split(',')[7])).toEqual(['CandidateObserved', 'JobObserved']);
    expect(lines[1]).toContain('""pii"":{""redacted"":');
    expect(csv).not.toMatch(/Ada|Lovelace|ada@example/);
    // `--out` never overwrites.
    const again = await audit(['export', '--tenant', 'tenant1', '--from', history.mark.toISOString(), '--to', new Date(Date.now() + 60_000).toISOString(), '--out', out], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^audit: .*EEXIST.*\n$/);

    const sibling = jsonLines<{ tenantId: string }>((await audit(['export', '--tenant', 'tenant10', '--from', history.start.toISOString(), '--to', new Date(Date.now() + 60_000).toISOString()], env)).stdout);
    expect(sibling.map((row) => row.tenantId)).toEqual(['tenant10', 'tenant10', 'tenant10']);
  });

  it('replay into a fresh file: the chosen read models equal the live ones; as of the mark, the later changes show as differences', async () => {
    const into = join(history.dataDir, 'rebuilt.sqlite');
    const whole = await audit(['replay', '--models', 'jobs,applications,candidates,integrations', '--into', into], env);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/^replayed \d+ events into .*rebuilt\.sqlite: jobs, applications, candidates, integrations\n/);
    expect(whole.stdout).toMatch(/compared with the live read models .* for 3 tenants:/);
    for (const model of ['jobs', 'applications', 'candidates', 'integrations']) expect(whole.stdout).toMatch(new RegExp(`\\n${model}: \\d+ documents live, \\d+ rebuilt, no differences`));
    expect(whole.stdout).not.toMatch(/triggers|activity/);

    const again = await audit(['replay', '--models', 'jobs', '--into', into], env);
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toMatch(/^audit: --into is invalid: --into: .*rebuilt\.sqlite exists: name a new SQLite file\n$/);

    const asOf = await audit(['replay', '--models', 'jobs,candidates', '--as-of', history.mark.toISOString(), '--into', join(history.dataDir, 'as-of.sqlite')], env);
    expect(asOf.code).toBe(0);
    expect(asOf.stdout).toMatch(/\njobs: \d+ documents live, \d+ rebuilt, 1 differ\n/);
    expect(asOf.stdout).toMatch(/\n {2}jobs tenant1\/job0 data\.title: live "Renamed after the mark", rebuilt "[^"]+"\n/);
    expect(asOf.stdout).toMatch(/candidates: \d+ documents live, \d+ rebuilt, 1 differ\n {2}candidates tenant1\/cand8: only in the live read model/);
  });

  it('the command itself: output on stdout, a progress bar on stderr with --progress, and one line with exit code 2 on bad input', async () => {
    const cli = async (args: string[], extraEnv: Record<string, string> = env): Promise<Outcome> => {
      try {
        const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'apps/audit-cli/src/main.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...extraEnv } });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failure = error as { code: number; stdout: string; stderr: string };
        return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
      }
    };
    const ok = await cli(['trail', '--tenant', 'tenant1', '--interview', 'iv9', '--format', 'jsonl', '--progress']);
    expect(ok.code).toBe(0);
    expect(jsonLines<TrailEntry>(ok.stdout).map((entry) => entry.type)).toEqual(['ApplicationStageObserved', 'InviteRequested', 'InviteSent', 'ResponseReceived', 'NoteWritten']);
    expect(ok.stderr).toMatch(/\rtrail \[#+-*\] +\d+% [\d,]+ events, [\d,]+\/s/);
    expect(ok.stderr.endsWith('100% ' + ok.stderr.split('100% ').at(-1))).toBe(true);

    const bad: [string[], RegExp, Record<string, string>?][] = [
      [['trail', '--tenant', 'nobody'], /^audit: unknown tenant "nobody": the event store has no integration stream for it\n$/],
      [['export', '--tenant', 'tenant1', '--from', '2026-02-30', '--to', '2026-03-01T00:00:00Z'], /^audit: audit export is invalid: --from: an ISO 8601 time with a zone/],
      [['replay', '--models', 'jobs,nope', '--into', 'x.sqlite'], /^audit: audit replay is invalid: --models: unknown read model "nope": one of integrations, jobs/],
      [['trail', '--tenant', 'tenant1'], /^audit: no event store at .*missing\/events\.sqlite: set DATA_DIR/, { DATA_DIR: join(history.dataDir, 'missing') }],
      [['trail', '--tenant', 'tenant1'], /^audit: the environment is invalid: MONGODB_URL: must be a mongodb:\/\/ URL\n$/, { ...env, MONGODB_URL: 'http://x' }],
    ];
    for (const [args, message, extraEnv] of bad) {
      const outcome = await cli(args, extraEnv);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(repoRoot, 'x.sqlite'))).toBe(false);
  }, 60_000);
});

const mongoUrl = process.env['MONGODB_URL'];
describe.runIf(mongoUrl)('the audit replay on the Mongo-wire server', () => {
  const databases: string[] = [];
  afterAll(async () => {
    const client = await MongoClient.connect(mongoUrl!);
    try {
      for (const database of databases) await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('rebuilds the chosen read models into a new database and finds them equal to the live ones; refuses the live or a used database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'audit-mongo-'));
    const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
    const suffix = randomUUID().slice(0, 8);
    const live = `audit_live_${suffix}`;
    const into = `audit_rebuilt_${suffix}`;
    databases.push(live, into);
    try {
      await appendHistory(store, { tenants: 2, jobsPerTenant: 3, candidatesPerTenant: 4 });
      await projectLive(store, await MongoReadStore.open({ url: mongoUrl!, database: live }));
      const env = { DATA_DIR: dataDir, MONGODB_URL: mongoUrl!, MONGODB_DATABASE: live };
      const replay = await audit(['replay', '--models', 'integrations,jobs,applications,syncRuns', '--into', into], env);
      expect(replay.stderr).toBe('');
      expect(replay.code).toBe(0);
      expect(replay.stdout).toContain(`into MongoDB database ${into}: integrations, jobs, applications, syncRuns`);
      expect(replay.stdout).toMatch(/\njobs: 6 documents live, 6 rebuilt, no differences/);
      for (const model of ['integrations', 'applications', 'syncRuns']) expect(replay.stdout).toMatch(new RegExp(`\\n${model}: [1-9]\\d* documents live, \\d+ rebuilt, no differences`));

      const intoLive = await audit(['replay', '--models', 'jobs', '--into', live], env);
      expect(intoLive).toMatchObject({ code: 2, stderr: `audit: --into is invalid: --into: ${live} is the live database (MONGODB_DATABASE): name a new one\n` });
      const intoUsed = await audit(['replay', '--models', 'jobs', '--into', into], env);
      expect(intoUsed.code).toBe(2);
      expect(intoUsed.stderr).toMatch(new RegExp(`^audit: --into is invalid: --into: database ${into} already holds \\d+ collections: name a new one\n$`));
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
if (!mongoUrl) announceSkip('the audit replay on the Mongo-wire server', 'MONGODB_URL not set and no container runtime');
