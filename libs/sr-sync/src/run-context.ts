import type { NewMetadata, SyncResource } from '@srw/contracts';
import type { SyncCheckpoint } from '@srw/domain';
import type { EventStore } from '@srw/event-store';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { jobApplicationLocator } from './application-locator';
import { ObservationWriter, type CandidatePiiProtection } from './observations';
import type { TriggerStage } from './sr-mapping';
import type { SrSource } from './sr-source';
import type { CheckpointReport, SyncRunRecorder } from './sync-run-recorder';

/** Where an audit event's application is: SR's audit feed names it only by its application id. */
export type ApplicationLocator = (applicationId: string) => Promise<{ candidateId: string; jobId: string } | undefined>;

/** What a sync of one tenant needs. The client is authorised already; its rate budget is the credential's. */
export interface SrSyncDeps {
  tenantId: string;
  client: SmartRecruitersClient;
  store: EventStore;
  /** Encrypts candidate PII with each candidate's own key before it is appended (crypto-shredding). */
  pii: CandidatePiiProtection;
  /** The time of events and of the runs' high-water marks. */
  clock: () => Date;
  /** The mapped trigger stages: each one's applications are polled every cycle. */
  triggers: readonly TriggerStage[];
  /**
   * Resolves the application of an audit event. Default: SR's `GET /job-applications/{id}`
   * (`jobApplicationLocator`, its calls counted with the run's). An audit move it cannot locate (a
   * grant without `job_applications_read`, an application SR no longer has) is counted as
   * `auditUnresolved` and left to the per-trigger poll.
   */
  locateApplication?: ApplicationLocator;
  /** Told of each checkpoint after it is recorded (progress; tests stop a process there). */
  onCheckpoint?: (checkpoint: CheckpointReport) => void | Promise<void>;
  /**
   * How far before the last run's start `updatedAfter` reaches back, for clock skew between SR and
   * us (API-NOTES §5). Repeated jobs cost nothing: their content hash is unchanged. Default 60 s.
   */
  updatedAfterOverlapMs?: number;
  /**
   * Stops the run (sr-poller: its lease on the tenant was lost, or the replica is stopping). Once
   * aborted no SR call is sent or left in flight (nor waits for its backoff or the rate limiter), no
   * observation is appended, no checkpoint is recorded, and the run is recorded as failed with the signal's
   * reason (a {@link SyncAbortedError}): never as completed. Whoever holds the lease goes on from
   * the last checkpoint.
   */
  signal?: AbortSignal;
}

/** Counters of one run, as `SyncRunCompleted.counts` records them. */
export type RunCounts = Record<string, number>;

/** What every resource's sync gets: where to resume, where to record, what to count. */
export interface RunContext {
  deps: SrSyncDeps;
  source: SrSource;
  writer: ObservationWriter;
  /** `deps.locateApplication`, or SR's Job Applications API through `source`. */
  locateApplication: ApplicationLocator;
  recorder: SyncRunRecorder;
  counts: RunCounts;
  metadata(): NewMetadata;
  /** The resume point of `resource` from the interrupted run, if any. */
  resumeAt(resource: SyncResource): SyncCheckpoint | undefined;
  checkpoint(resource: SyncResource, cursor: string | null, done: number, total: number | null): Promise<void>;
}

export function count(counts: RunCounts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function createRunContext(
  deps: SrSyncDeps,
  source: SrSource,
  recorder: SyncRunRecorder,
  metadata: () => NewMetadata,
  resumeFrom: Partial<Record<SyncResource, SyncCheckpoint>>,
): RunContext {
  return {
    deps,
    source,
    writer: new ObservationWriter(deps.store, deps.tenantId, deps.pii, deps.signal),
    locateApplication: deps.locateApplication ?? jobApplicationLocator((applicationId) => source.jobApplication(applicationId)),
    recorder,
    counts: {},
    metadata,
    resumeAt: (resource) => resumeFrom[resource],
    checkpoint: async (resource, cursor, done, total) => {
      // A page handled after the abort is not vouched for: the lease holder may be on it already.
      deps.signal?.throwIfAborted();
      await recorder.checkpoint({ resource, cursor, done, total });
      await deps.onCheckpoint?.({ runId: recorder.runId, resource, cursor, done, total });
    },
  };
}

/**
 * Pages with up to `ahead` of the following ones already requested while the current one is
 * handled, so that the event store's work overlaps SR's latency and rate-limit wait. The requests
 * stay one at a time (each page's cursor comes from the one before); reading more than one ahead
 * lets a page that took longer than SR's pace to handle (a busy machine) be made up by the next
 * ones, which are already there, instead of being lost against the rate limit for good. Pages
 * fetched ahead and not handled (a crash, an error) are fetched again on resume: only handled pages
 * are checkpointed.
 */
export async function* prefetched<T>(pages: AsyncGenerator<T, void, undefined>, ahead = 1): AsyncGenerator<T, void, undefined> {
  // An async generator queues the calls to `next`: each runs after the one before has settled.
  const requested: Promise<IteratorResult<T, void>>[] = [];
  const requestAhead = () => {
    while (requested.length < ahead) {
      const next = pages.next();
      // Its failure is thrown where it is awaited, on a later turn; until then it must not count as unhandled.
      next.catch(() => undefined);
      requested.push(next);
    }
  };
  try {
    requestAhead();
    for (;;) {
      const result = await requested.shift()!;
      if (result.done) return;
      requestAhead();
      yield result.value;
    }
  } finally {
    await pages.return(undefined).catch(() => undefined);
  }
}

/**
 * How long a page's appends may run before timers and I/O get a turn. Short enough that the rate
 * limiter's timer for the page fetched ahead fires within a fraction of SR's 100 ms per call; long
 * enough that the appends of a slice reach the relay as one batch (see `yieldToEventLoop`).
 */
const sliceMs = 10;
let sliceStartedAt = performance.now();

/**
 * Lets timers and I/O run once the current slice of work has lasted `sliceMs`. The embedded store's
 * calls are synchronous, so a page's appends would otherwise run as one long chain of microtasks:
 * the rate limiter's timer for the page fetched ahead would fire only after it, and each page would
 * lose that delay against SR's 10 calls a second. Yielding after every job instead handed the relay
 * of the same process one job at a time: one scan, one bus transaction and one checkpoint per job,
 * which cost the poller several times SR's pace (bench/sr-enable-10k-jobs.ts).
 */
export const yieldToEventLoop = async (): Promise<void> => {
  if (performance.now() - sliceStartedAt < sliceMs) return;
  await new Promise((resolve) => setImmediate(resolve));
  sliceStartedAt = performance.now();
};
