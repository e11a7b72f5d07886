import { describe, expect, it } from 'vitest';
import { SyncScheduler } from '../scheduler/sync-scheduler';
import { retryRunIdOf, TenantBook } from '../tenant-book';
import { eventMessage } from '../testing/event-messages';
import { ManualClock } from '../testing/manual-clock';
import { integrationEventsHandler } from './integration-events.handler';

const minute = 60_000;

function harness() {
  const clock = new ManualClock();
  const book = new TenantBook();
  const started: string[] = [];
  // Runs only record: the specs look at what the handler planned, not at syncs.
  const scheduler = new SyncScheduler({ clock, maxConcurrent: 1, run: async (tenantId) => void started.push(tenantId) });
  const told: string[] = [];
  const webhooks = {
    connected: (tenantId: string, scopes: readonly string[]) => void told.push(`connected ${tenantId} ${scopes.join(' ')}`),
    disconnected: (tenantId: string) => void told.push(`disconnected ${tenantId}`),
  };
  const handle = integrationEventsHandler({ book, scheduler, clock, webhooks });
  return { clock, book, scheduler, started, handle, told };
}

describe('integration events handler', () => {
  it("tells the SR webhook subscriptions of each connect (with the grant's scopes) and disconnect, and of nothing else", async () => {
    const { handle, told } = harness();
    await handle(eventMessage('acme', 'IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }));
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: ['jobs_read', 'webhooks_manage'], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }));
    await handle(eventMessage('acme', 'PlanChanged', { plan: 'scale' }));
    await handle(eventMessage('acme', 'AuthorizationLost', { reason: 'invalid_grant' }));
    await handle(eventMessage('acme', 'IntegrationDisconnected', { disconnectedBy: 'admin' }));
    expect(told).toEqual(['connected acme jobs_read webhooks_manage', 'disconnected acme']);
  });

  it('IntegrationConnected plans an initial sync now, named after the event', async () => {
    const { book, scheduler, started, handle } = harness();
    await handle(eventMessage('acme', 'IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }));
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000001' }));
    await scheduler.settled();
    expect(started).toEqual(['acme']);
    expect(book.nextRun('acme', () => 'x')).toEqual({ kind: 'initial', runId: 'initial-00000000-0000-4000-8000-000000000001' });
    expect(book.intervalMs('acme')).toBe(30 * minute);
  });

  it('after the initial run completes, the next one is incremental from it, due an interval after it started', async () => {
    const { clock, book, handle } = harness();
    await handle(eventMessage('acme', 'IntegrationEnableRequested', { requestedBy: 'admin', plan: 'scale' }));
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000002' }));
    const runId = 'initial-00000000-0000-4000-8000-000000000002';
    await handle(eventMessage('acme', 'SyncRunStarted', { runId, kind: 'initial', resources: ['jobs'] }, { runId, at: clock.now() }));
    await handle(eventMessage('acme', 'SyncRunCompleted', { counts: {}, apiCalls: 3, durationMs: 10 }, { runId }));
    expect(book.nextRun('acme', () => 'r2')).toEqual({ kind: 'incremental', runId: 'incremental-r2', sinceRunId: runId });
    expect(book.nextDueAt('acme', clock.now())).toBe(clock.now() + 5 * minute);
  });

  it('a failed initial run is resumed by its next attempt, whose id every replica derives alike', async () => {
    const { book, handle } = harness();
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000003' }));
    const runId = 'initial-00000000-0000-4000-8000-000000000003';
    await handle(eventMessage('acme', 'SyncRunFailed', { error: { code: 'UPSTREAM', message: 'boom' }, retryable: true, apiCalls: 2 }, { runId }));
    expect(book.nextRun('acme', () => 'x')).toEqual({ kind: 'initial', runId: `${runId}~1`, resumesRunId: runId });
    expect(retryRunIdOf(`${runId}~1`)).toBe(`${runId}~2`);
  });

  it('PlanChanged moves the next sync to the new interval; an override wins over the plan', async () => {
    const { clock, book, scheduler, handle } = harness();
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000004' }));
    const runId = 'initial-00000000-0000-4000-8000-000000000004';
    const startedAt = clock.now();
    await handle(eventMessage('acme', 'SyncRunStarted', { runId, kind: 'initial', resources: ['jobs'] }, { runId, at: startedAt }));
    await handle(eventMessage('acme', 'SyncRunCompleted', { counts: {}, apiCalls: 3, durationMs: 10 }, { runId }));
    await scheduler.settled();

    await handle(eventMessage('acme', 'PlanChanged', { plan: 'launch' }));
    expect(scheduler.dueAt('acme')).toBe(startedAt + 180 * minute);
    await handle(eventMessage('acme', 'PlanChanged', { plan: 'enterprise' }));
    expect(scheduler.dueAt('acme')).toBe(startedAt + 5 * minute);
    await handle(eventMessage('acme', 'PlanChanged', { plan: 'growth', intervalSecondsOverride: 120 }));
    expect(scheduler.dueAt('acme')).toBe(startedAt + 2 * minute);
    expect(book.get('acme')).toMatchObject({ plan: 'growth', intervalSecondsOverride: 120 });
  });

  it('SyncRequested syncs now (full: a new initial run); ignored while not connected', async () => {
    const { book, scheduler, started, handle } = harness();
    await handle(eventMessage('acme', 'SyncRequested', { kind: 'incremental', requestedBy: 'admin' }));
    expect(scheduler.dueAt('acme')).toBeUndefined();
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }));
    await scheduler.settled();
    await handle(eventMessage('acme', 'SyncRequested', { kind: 'full', requestedBy: 'admin' }, { id: '00000000-0000-4000-8000-000000000005' }));
    await scheduler.settled();
    expect(started).toEqual(['acme', 'acme']);
    expect(book.nextRun('acme', () => 'x')).toEqual({ kind: 'initial', runId: 'full-00000000-0000-4000-8000-000000000005' });
  });

  it('sync now is due at once even right after a run; a run started after the request (any replica) answers it', async () => {
    const { clock, book, handle } = harness();
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000006' }));
    const runId = 'initial-00000000-0000-4000-8000-000000000006';
    await handle(eventMessage('acme', 'SyncRunStarted', { runId, kind: 'initial', resources: ['jobs'] }, { runId, at: clock.now() }));
    await handle(eventMessage('acme', 'SyncRunCompleted', { counts: {}, apiCalls: 3, durationMs: 10 }, { runId }));
    clock.advance(minute);
    expect(book.nextDueAt('acme', clock.now())).toBeGreaterThan(clock.now());

    await handle(eventMessage('acme', 'SyncRequested', { kind: 'incremental', requestedBy: 'admin' }, { at: clock.now() }));
    expect(book.nextDueAt('acme', clock.now())).toBe(clock.now());
    await handle(eventMessage('acme', 'SyncRunStarted', { runId: 'r2', kind: 'incremental', resources: ['jobs'] }, { runId: 'r2', at: clock.now() }));
    expect(book.nextDueAt('acme', clock.now())).toBe(clock.now() + book.intervalMs('acme'));
  });

  it('IntegrationDisconnected and AuthorizationLost unschedule the tenant', async () => {
    const { clock, book, scheduler, handle } = harness();
    for (const tenant of ['gone', 'lost']) {
      await handle(eventMessage(tenant, 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }));
      await scheduler.settled();
      scheduler.schedule(tenant, clock.now() + minute);
    }
    await handle(eventMessage('gone', 'IntegrationDisconnected', { disconnectedBy: 'admin' }));
    await handle(eventMessage('lost', 'AuthorizationLost', { reason: 'revoked' }));
    expect(scheduler.dueAt('gone')).toBeUndefined();
    expect(scheduler.dueAt('lost')).toBeUndefined();
    expect(scheduler.size).toBe(0);
    expect(book.connectedTenants()).toEqual([]);
  });

  it('mapped trigger stages are folded per interview, deduplicated, and a disconnected job drops out', async () => {
    const { book, handle } = harness();
    const stage = { status: 'INTERVIEW', subStatus: 'Video interview' };
    await handle(eventMessage('acme', 'InterviewJobsConnected', { interviewId: 'iv1', appliedBy: 'admin', jobs: [{ jobId: 'j1', triggerStages: [stage, stage], backfill: false }, { jobId: 'j2', triggerStages: [stage], backfill: false }] }));
    expect(book.triggersOf('acme')).toEqual([{ jobId: 'j1', ...stage }, { jobId: 'j2', ...stage }]);
    await handle(eventMessage('acme', 'InterviewJobDisconnected', { interviewId: 'iv1', jobId: 'j1', disconnectedBy: 'admin' }));
    expect(book.triggersOf('acme')).toEqual([{ jobId: 'j2', ...stage }]);
  });
});
