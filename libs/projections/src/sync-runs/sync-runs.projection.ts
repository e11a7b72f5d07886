import { parseStreamName, type EventMessage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface SyncRunView {
  runId: string;
  /** Null only when the run's start was never seen (a stream begun by another event). */
  kind: 'initial' | 'incremental' | 'reconcile' | null;
  resources: string[];
  resumesRunId: string | null;
  status: 'running' | 'completed' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  /** Items done and expected per resource, from the last checkpoint of each. */
  progress: Record<string, { done: number; total: number | null }>;
  counts: Record<string, number>;
  apiCalls: number | null;
  durationMs: number | null;
  error: { code: string; message: string; retryable: boolean } | null;
}

export const syncRunsCollection = {
  name: 'syncRuns',
  // The admin's run history, most recent first, optionally by status.
  indexes: [{ fields: ['startedAt'] }, { fields: ['status', 'startedAt'] }],
} as const;

function emptyRun(runId: string): SyncRunView {
  return {
    runId,
    kind: null,
    resources: [],
    resumesRunId: null,
    status: 'running',
    startedAt: null,
    finishedAt: null,
    progress: {},
    counts: {},
    apiCalls: null,
    durationMs: null,
    error: null,
  };
}

const runIdOf = (event: EventMessage) => parseStreamName(event.stream).parts[1];

function evolve(current: SyncRunView | undefined, event: EventMessage): SyncRunView | undefined {
  const runId = runIdOf(event);
  if (runId === undefined) return current;
  const run = current ?? emptyRun(runId);
  const at = event.metadata.observedAt;
  switch (event.type) {
    case 'SyncRunStarted':
      return {
        ...run,
        kind: event.data.kind,
        resources: event.data.resources,
        resumesRunId: event.data.resumesRunId ?? null,
        startedAt: at,
      };
    case 'SyncCheckpointReached': {
      const { resource, done, total } = event.data;
      return { ...run, progress: { ...run.progress, [resource]: { done, total } } };
    }
    case 'SyncRunCompleted':
      return {
        ...run,
        status: 'completed',
        finishedAt: at,
        counts: event.data.counts,
        apiCalls: event.data.apiCalls,
        durationMs: event.data.durationMs,
      };
    case 'SyncRunFailed':
      return {
        ...run,
        status: 'failed',
        finishedAt: at,
        apiCalls: event.data.apiCalls,
        durationMs: run.startedAt ? Math.max(0, Date.parse(at) - Date.parse(run.startedAt)) : null,
        error: { ...event.data.error, retryable: event.data.retryable },
      };
    default:
      return current;
  }
}

/** One document per tenant and run (its id is the run id): what each sync did and cost. */
export const syncRunsProjection: ReadModelProjection<SyncRunView> = {
  collection: syncRunsCollection,
  documentIdOf: (event) => (event.stream.startsWith('syncRun-') ? runIdOf(event) : undefined),
  evolve,
};
