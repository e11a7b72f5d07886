import { streams } from '@srw/contracts';
import { describe, it } from 'vitest';
import { createEventHistory, projectionSpec } from '../testing';
import { syncRunsProjection, type SyncRunView } from './sync-runs.projection';

const spec = projectionSpec(syncRunsProjection);
const run = streams.syncRun('t1', 'r1');

function history() {
  const h = createEventHistory();
  const started = h.append(run, 'SyncRunStarted', { runId: 'r1', kind: 'initial', resources: ['jobs', 'applications'], resumesRunId: 'r0' }, '2026-01-01T10:00:00.000Z');
  const checkpoint = h.append(run, 'SyncCheckpointReached', { resource: 'jobs', cursor: 'c2', done: 200, total: 300 }, '2026-01-01T10:00:05.000Z');
  return { h, started, checkpoint };
}

const running: SyncRunView = {
  runId: 'r1',
  kind: 'initial',
  resources: ['jobs', 'applications'],
  resumesRunId: 'r0',
  status: 'running',
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: null,
  progress: {},
  counts: {},
  apiCalls: null,
  durationMs: null,
  error: null,
};

describe('syncRuns read model', () => {
  it('a started run is "running", with what it syncs and which run it resumes', async () => {
    const { started } = history();
    await spec.given([]).when(started).then(running);
  });

  it('a checkpoint records the progress of its resource', async () => {
    const { started, checkpoint } = history();
    await spec.given([started]).when(checkpoint).then({ ...running, progress: { jobs: { done: 200, total: 300 } } });
  });

  it('a completed run records counts, API calls and duration', async () => {
    const { h, started, checkpoint } = history();
    const completed = h.append(run, 'SyncRunCompleted', { counts: { jobs: 300, applications: 12 }, apiCalls: 42, durationMs: 61_000 }, '2026-01-01T10:01:01.000Z');
    await spec.given([started, checkpoint]).when(completed).then({
      ...running,
      status: 'completed',
      finishedAt: '2026-01-01T10:01:01.000Z',
      progress: { jobs: { done: 200, total: 300 } },
      counts: { jobs: 300, applications: 12 },
      apiCalls: 42,
      durationMs: 61_000,
    });
  });

  it('a failed run records the error, whether a retry may help, its API calls and how long it ran', async () => {
    const { h, started } = history();
    const failed = h.append(run, 'SyncRunFailed', { error: { code: 'rate_limited', message: '429' }, retryable: true, apiCalls: 7 }, '2026-01-01T10:00:30.000Z');
    await spec.given([started]).when(failed).then({
      ...running,
      status: 'failed',
      finishedAt: '2026-01-01T10:00:30.000Z',
      apiCalls: 7,
      durationMs: 30_000,
      error: { code: 'rate_limited', message: '429', retryable: true },
    });
  });

  it('integration events are not runs', async () => {
    const h = createEventHistory();
    const plan = h.append(streams.integration('t1'), 'PlanChanged', { plan: 'launch' }, '2026-01-01T10:00:00.000Z');
    await spec.given([]).when(plan).thenUnchanged();
  });

  it('a redelivered event changes nothing, and neither does an older one delivered late', async () => {
    const { h, started, checkpoint } = history();
    h.append(run, 'SyncRunCompleted', { counts: {}, apiCalls: 1, durationMs: 1 }, '2026-01-01T10:01:01.000Z');
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
    await spec.given(h.events.filter((e) => e !== checkpoint)).when(checkpoint).thenUnchanged();
    await spec.given(h.events.filter((e) => e !== started)).when(started).thenUnchanged();
  });
});
