import { createEvent, streams, type DomainEvent, type NewMetadata, type Plan, type Stage } from '@srw/contracts';
import type { SeededRandom } from '@srw/test-support';
import { createHash, randomUUID } from 'node:crypto';

export interface PlannedAppend {
  stream: string;
  event: DomainEvent;
}

export interface RealisticHistory {
  appends: PlannedAppend[];
  tenants: string[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const stages: Stage[] = [
  { status: 'NEW', subStatus: null },
  { status: 'IN_REVIEW', subStatus: 'Screen' },
  { status: 'INTERVIEW', subStatus: 'Video interview' },
  { status: 'OFFERED', subStatus: null },
  { status: 'REJECTED', subStatus: null },
];
const titles = ['Backend Engineer', 'Designer', 'Product Manager', 'Data Analyst', 'Sales Lead', 'Énergie Consultant'];
const plans: Plan[] = ['launch', 'growth', 'scale', 'enterprise'];

/**
 * A history like production's, for the replay proof: several tenants, each enabled, connected and
 * synced (initial run with checkpoints, incremental runs, one failing), with a plan change, a lost
 * and restored grant, jobs observed and re-observed, stages, candidates and applications moving
 * (sometimes reported out of SR's order, as a poll after a webhook does), and one tenant
 * disconnected. Appends of tenants interleave, as they do on one event store.
 */
export function realisticHistory(random: SeededRandom, { tenants = 3, jobsPerTenant = 12, candidatesPerTenant = 20, tenantIdPrefix = 'tenant' } = {}): RealisticHistory {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random.next() * items.length)]!;
  let clock = Date.parse('2026-01-05T08:00:00.000Z');
  const now = () => new Date((clock += 1000 + Math.floor(random.next() * 60_000))).toISOString();
  const metadata = (tenantId: string): NewMetadata => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: now() });

  const tenantIds = Array.from({ length: tenants }, (_, n) => `${tenantIdPrefix}${n + 1}`);
  // One script of appends per tenant; interleaved at random below.
  const scripts = tenantIds.map((tenantId, n) => {
    const script: PlannedAppend[] = [];
    const add = (stream: string, event: DomainEvent) => script.push({ stream, event });
    const integration = streams.integration(tenantId);
    add(integration, createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: pick(plans) }, metadata(tenantId)));
    add(integration, createEvent('IntegrationConnected', { connectedBy: 'admin', scopes: ['jobs_read', 'candidates_read'], accessTokenExpiresAt: now() }, metadata(tenantId)));

    const run = (runId: string, kind: 'initial' | 'incremental', fail: boolean, body: () => void) => {
      const stream = streams.syncRun(tenantId, runId);
      add(stream, createEvent('SyncRunStarted', { runId, kind, resources: ['jobs', 'hiringProcesses', 'applications'] }, metadata(tenantId)));
      body();
      add(stream, createEvent('SyncCheckpointReached', { resource: 'jobs', cursor: null, done: jobsPerTenant, total: jobsPerTenant }, metadata(tenantId)));
      if (fail) {
        add(stream, createEvent('SyncRunFailed', { error: { code: 'upstream_unavailable', message: 'SR answered 503' }, retryable: true, apiCalls: 4 }, metadata(tenantId)));
      } else {
        add(stream, createEvent('SyncRunCompleted', { counts: { jobs: jobsPerTenant }, apiCalls: 10 + jobsPerTenant, durationMs: 5000 }, metadata(tenantId)));
      }
    };
    const observeJob = (jobId: string) => {
      const title = pick(titles);
      const snapshot = {
        title,
        refNumber: `REF-${jobId}`,
        status: pick(['SOURCING', 'INTERVIEW', 'FILLED']),
        postingStatus: pick(['PUBLIC', 'INTERNAL', null]),
        department: pick(['Engineering', 'Sales', null]),
        location: pick(['London, GB', 'Berlin, DE', null]),
        createdOn: '2025-12-01T09:00:00.000Z',
        updatedOn: now(),
      };
      add(streams.srJob(tenantId, jobId), createEvent('JobObserved', { jobId, snapshot, contentHash: hash(JSON.stringify(snapshot)) }, metadata(tenantId)));
    };
    const moveApplication = (candidateId: string, jobId: string, late: boolean) => {
      // `late`: a move SR made before the one already observed (a poll after a webhook).
      const changedOn = late ? '2026-01-01T00:00:00.000Z' : now();
      add(
        streams.srApplication(tenantId, candidateId, jobId),
        createEvent('ApplicationStageObserved', { candidateId, jobId, from: null, to: pick(stages), changedOn, source: late ? 'poll' : pick(['webhook', 'poll', 'audit']) }, metadata(tenantId)),
      );
    };

    run(`initial${n}`, 'initial', false, () => {
      for (let j = 0; j < jobsPerTenant; j++) {
        const jobId = `job${j}`;
        observeJob(jobId);
        const labels = stages.slice(0, 2 + Math.floor(random.next() * 3));
        add(
          streams.srJob(tenantId, jobId),
          createEvent('JobStagesObserved', { jobId, stages: labels.map((s, order) => ({ ...s, label: s.subStatus ?? s.status, order })), contentHash: hash(jobId + labels.length) }, metadata(tenantId)),
        );
      }
      for (let c = 0; c < candidatesPerTenant; c++) {
        const candidateId = `cand${c}`;
        add(
          streams.srCandidate(tenantId, candidateId),
          createEvent('CandidateObserved', { candidateId, pii: { keyId: `key-${candidateId}`, ciphertext: `p1.sealed-${c}` }, updatedOn: now(), contentHash: hash(candidateId) }, metadata(tenantId)),
        );
        moveApplication(candidateId, `job${c % jobsPerTenant}`, false);
      }
    });
    // Two interviews mapped, one changed (a job moved to another stage, one dropped), then invites.
    const mapping = (interviewId: string) => streams.interviewMapping(tenantId, interviewId);
    const connection = (j: number) => ({ jobId: `job${j % jobsPerTenant}`, triggerStages: [pick(stages)], backfill: random.chance(0.5) });
    for (const interviewId of ['iv1', 'iv2']) {
      add(mapping(interviewId), createEvent('InterviewJobsConnected', { interviewId, jobs: [connection(0), connection(1)], appliedBy: 'admin' }, metadata(tenantId)));
    }
    add(mapping('iv1'), createEvent('InterviewJobsConnected', { interviewId: 'iv1', jobs: [connection(0)], appliedBy: 'admin' }, metadata(tenantId)));
    add(mapping('iv1'), createEvent('InterviewJobDisconnected', { interviewId: 'iv1', jobId: `job${1 % jobsPerTenant}`, disconnectedBy: 'admin' }, metadata(tenantId)));
    for (let c = 0; c < Math.min(3, candidatesPerTenant); c++) {
      const invite = streams.invite(tenantId, 'iv2', `cand${c}`);
      add(invite, createEvent('InviteRequested', { interviewId: 'iv2', candidateId: `cand${c}`, jobId: 'job0', trigger: pick(stages), reason: c === 0 ? 'backfill' : 'stage_entered' }, metadata(tenantId)));
      if (c === 2) add(invite, createEvent('InviteFailed', { reason: 'no_email', message: 'no email', attempt: 1, retryable: false }, metadata(tenantId)));
      else add(invite, createEvent('InviteSent', { willoParticipantId: `p-${c}`, invitedAt: now(), attempt: 1 }, metadata(tenantId)));
    }
    add(integration, createEvent('PlanChanged', { plan: pick(plans), ...(random.chance(0.5) ? { intervalSecondsOverride: 600 } : {}) }, metadata(tenantId)));
    run(`inc${n}a`, 'incremental', true, () => undefined);
    add(integration, createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'admin' }, metadata(tenantId)));
    run(`inc${n}b`, 'incremental', false, () => {
      for (let j = 0; j < jobsPerTenant; j += 3) observeJob(`job${j}`);
      for (let c = 0; c < candidatesPerTenant; c += 2) moveApplication(`cand${c}`, `job${c % jobsPerTenant}`, random.chance(0.3));
      // One candidate erased (deleted in SR, or on request): the read model keeps no sealed PII of theirs.
      const erased = `cand${Math.floor(random.next() * candidatesPerTenant)}`;
      const reason = pick(['deletedInSr', 'erasureRequested'] as const);
      add(streams.srCandidate(tenantId, erased), createEvent('CandidatePiiErased', { candidateId: erased, reason, sourceId: `src-${erased}`, erasedAt: now() }, metadata(tenantId)));
    });
    add(integration, createEvent('AuthorizationLost', { reason: pick(['revoked', 'expired', 'invalid_grant', 'scope_removed'] as const) }, metadata(tenantId)));
    if (n % 3 === 2) {
      add(integration, createEvent('IntegrationDisconnected', { disconnectedBy: 'admin' }, metadata(tenantId)));
    } else {
      add(integration, createEvent('IntegrationConnected', { connectedBy: 'admin', scopes: ['jobs_read'], accessTokenExpiresAt: now() }, metadata(tenantId)));
      add(integration, createEvent('AccessTokenRefreshed', { expiresAt: now() }, metadata(tenantId)));
      // A run left in progress: the read model must show "syncing" with its progress after a replay too.
      const stream = streams.syncRun(tenantId, `inc${n}c`);
      add(stream, createEvent('SyncRunStarted', { runId: `inc${n}c`, kind: 'incremental', resources: ['jobs'] }, metadata(tenantId)));
      add(stream, createEvent('SyncCheckpointReached', { resource: 'jobs', cursor: 'p2', done: 5, total: jobsPerTenant }, metadata(tenantId)));
    }
    return script;
  });

  const appends: PlannedAppend[] = [];
  const cursors = scripts.map(() => 0);
  while (appends.length < scripts.reduce((sum, s) => sum + s.length, 0)) {
    const open = scripts.map((_, i) => i).filter((i) => cursors[i]! < scripts[i]!.length);
    const i = pick(open);
    appends.push(scripts[i]![cursors[i]!++]!);
  }
  return { appends, tenants: tenantIds };
}
