import type { EventByType, NewMetadata, SyncResource } from '@srw/contracts';
import { DomainRuleViolation, type SyncCheckpoint } from '@srw/domain';
import { AppError, type AppErrorOptions } from '@srw/errors';
import { type AuditCursor, syncAuditFeed } from './audit-sync';
import { syncTriggerCandidates } from './candidates-sync';
import { syncHiringStages, syncJobs } from './jobs-sync';
import { createRunContext, type RunContext, type RunCounts, type SrSyncDeps } from './run-context';
import { stagesOf, type JobStage } from './sr-mapping';
import { countingSrSource } from './sr-source';
import { readRun, SyncRunRecorder } from './sync-run-recorder';

type RunKind = EventByType<'SyncRunStarted'>['data']['kind'];

export interface SyncRunResult {
  runId: string;
  status: 'completed' | 'failed';
  counts: RunCounts;
  /** SR calls this process made for the run (a resumed run counts only its own). */
  apiCalls: number;
  durationMs: number;
  error?: { code: string; message: string; retryable: boolean };
}

export interface InitialSyncRequest {
  runId: string;
  /** A failed run to go on from: its checkpoints are where this one starts. */
  resumesRunId?: string;
}

export interface IncrementalSyncRequest extends InitialSyncRequest {
  /** The last completed run: its start is the `updatedAfter` high-water mark, its audit cursor the feed's start. */
  sinceRunId: string;
}

const initialResources: SyncResource[] = ['hiringProcesses', 'jobs', 'candidates'];
const incrementalResources: SyncResource[] = ['jobs', 'auditEvents', 'candidates'];

/**
 * The initial sync of one tenant: hiring stages and jobs first (so the job list fills within
 * seconds), then the applications in the mapped trigger stages. Resumable: started again with the
 * same run id after a crash (or with `resumesRunId` after a recorded failure), it continues from the
 * last checkpoint of each resource without fetching done pages again.
 */
export async function runInitialSync(deps: SrSyncDeps, request: InitialSyncRequest): Promise<SyncRunResult> {
  return recordRun(deps, request, 'initial', initialResources, async (context) => {
    const hiring = context.resumeAt('hiringProcesses');
    const stages: { known: readonly JobStage[] } | 'resumed' = hiring?.cursor === null ? 'resumed' : { known: await syncHiringStages(context) };
    await syncJobs(context, {}, stages);
    await syncTriggerCandidates(context);
  });
}

/**
 * One incremental cycle: jobs updated since the last completed run started, the audit feed since its
 * cursor, and the per-trigger candidate filters. A cycle in which nothing changed costs
 * 1 + (trigger stages) + (audit-feed pages) SR calls, and appends nothing but its run's record.
 */
export async function runIncrementalSync(deps: SrSyncDeps, request: IncrementalSyncRequest): Promise<SyncRunResult> {
  const since = await readRun(deps.store, deps.tenantId, request.sinceRunId);
  if (since.state.status !== 'completed' || since.startedAt === undefined) {
    throw new RangeError(`run ${request.sinceRunId} has not completed (${since.state.status}): an incremental sync goes on from a completed one`);
  }
  const overlapMs = deps.updatedAfterOverlapMs ?? 60_000;
  const updatedAfter = new Date(Date.parse(since.startedAt) - overlapMs).toISOString();
  const previousAudit = since.state.checkpoints.auditEvents?.cursor;
  const auditStart: AuditCursor = previousAudit ? { after: (JSON.parse(previousAudit) as AuditCursor).after } : { after: since.startedAt };

  return recordRun(deps, request, 'incremental', incrementalResources, async (context) => {
    // Hiring processes are read only if a job never seen before turns up: an idle cycle skips them.
    let stages: Promise<JobStage[]> | undefined;
    const ifMissing = () => (stages ??= context.source.hiringProcesses().then(stagesOf));
    await syncJobs(context, { updatedAfter }, { ifMissing });
    await syncAuditFeed(context, auditStart);
    await syncTriggerCandidates(context);
  });
}

async function recordRun(
  deps: SrSyncDeps,
  request: InitialSyncRequest,
  kind: RunKind,
  resources: SyncResource[],
  body: (context: RunContext) => Promise<void>,
): Promise<SyncRunResult> {
  const startedAt = deps.clock().getTime();
  const metadata = (): NewMetadata => ({
    tenantId: deps.tenantId,
    correlationId: request.runId,
    causationId: request.runId,
    observedAt: deps.clock().toISOString(),
  });
  const source = countingSrSource(deps.client, deps.signal);
  const recorder = new SyncRunRecorder(deps.store, deps.tenantId, request.runId, metadata);
  const state = await recorder.start({
    runId: request.runId,
    kind,
    resources,
    ...(request.resumesRunId === undefined ? {} : { resumesRunId: request.resumesRunId }),
  });
  const elapsed = () => Math.max(0, deps.clock().getTime() - startedAt);
  if (state.status !== 'running') {
    return { runId: request.runId, status: state.status === 'completed' ? 'completed' : 'failed', counts: {}, apiCalls: 0, durationMs: 0 };
  }
  // The run's own checkpoints win (a restart of this run); otherwise those of the run it resumes.
  const inherited: Partial<Record<SyncResource, SyncCheckpoint>> =
    request.resumesRunId === undefined ? {} : (await readRun(deps.store, deps.tenantId, request.resumesRunId)).state.checkpoints;
  // A resumed run starts where the failed one stopped, and its own stream says so: its progress (the
  // admin's "syncing 100 of 300", the run's read model) goes on from there instead of from zero until
  // its first page of its own.
  for (const resource of resources) {
    const from = inherited[resource];
    if (from && !state.checkpoints[resource]) await recorder.checkpoint({ resource, ...from });
  }
  const context = createRunContext(deps, source, recorder, metadata, { ...inherited, ...state.checkpoints });
  try {
    await body(context);
  } catch (thrown) {
    // Aborted: whatever failed after it (a cancelled fetch, a refused call), the abort is the reason.
    const error = deps.signal?.aborted ? deps.signal.reason : thrown;
    const failure = describe(error);
    await recordFailure(recorder, failure, source.calls, deps.signal);
    return { runId: request.runId, status: 'failed', counts: context.counts, apiCalls: source.calls, durationMs: elapsed(), error: failure };
  }
  const durationMs = elapsed();
  if (deps.signal?.aborted) {
    // Aborted after the last SR call: done, but not by a holder of the lease; the holder completes it.
    const failure = describe(deps.signal.reason);
    await recordFailure(recorder, failure, source.calls, deps.signal);
    return { runId: request.runId, status: 'failed', counts: context.counts, apiCalls: source.calls, durationMs, error: failure };
  }
  await recorder.complete({ counts: context.counts, apiCalls: source.calls, durationMs });
  return { runId: request.runId, status: 'completed', counts: context.counts, apiCalls: source.calls, durationMs };
}

/**
 * The run was stopped from outside (its lease on the tenant was lost): recorded as its failure, and
 * retryable, since the lease holder goes on with it.
 */
export class SyncAbortedError extends AppError {
  readonly code = 'SYNC_ABORTED';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, true, options);
  }
}

async function recordFailure(recorder: SyncRunRecorder, failure: { code: string; message: string; retryable: boolean }, apiCalls: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await recorder.fail({ error: { code: failure.code, message: failure.message }, retryable: failure.retryable, apiCalls });
  } catch (error) {
    // Aborted, and the lease holder has finished the run meanwhile: its end is the run's end.
    if (!(signal?.aborted && error instanceof DomainRuleViolation)) throw error;
  }
}

/** Our errors say whether a retry may help; anything else is a bug here or a surprise from SR: not retried blindly. */
function describe(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof AppError) return { code: error.code, message: error.message, retryable: error.retryable };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error), retryable: false };
}
