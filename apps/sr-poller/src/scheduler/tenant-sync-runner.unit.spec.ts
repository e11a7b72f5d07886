import type { EventStore } from '@srw/event-store';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import type { CandidatePiiProtection } from '@srw/sr-sync';
import { describe, expect, it } from 'vitest';
import { integrationEventsHandler } from '../handlers/integration-events.handler';
import { TenantBook } from '../tenant-book';
import { eventMessage } from '../testing/event-messages';
import { ManualClock } from '../testing/manual-clock';
import type { Lease, LeaseStore } from './lease-store/lease-store.port';
import { SyncScheduler } from './sync-scheduler';
import { tenantSyncRunner } from './tenant-sync-runner';

const minute = 60_000;

/** Leases always granted: the spec is about what follows a run that throws, not about replicas. */
const grantingLeases = {
  acquire: async (key: string, holder: string, ttlMs: number, now: number) => ({ key, holder, expiresAt: now + ttlMs }) as unknown as Lease,
  renew: async (lease: Lease) => lease,
  release: async () => undefined,
  holder: async () => undefined,
  close: async () => undefined,
} as unknown as LeaseStore;

describe('tenantSyncRunner', () => {
  it('a run that throws is tried again after the retry delay, even for a tenant overdue by its plan (no retry at once)', async () => {
    const clock = new ManualClock();
    const book = new TenantBook();
    let attempts = 0;
    const retryDelayMs = minute;
    const scheduler: SyncScheduler = new SyncScheduler({
      clock,
      maxConcurrent: 1,
      run: tenantSyncRunner({
        book,
        scheduler: () => scheduler,
        store: {} as EventStore,
        leases: grantingLeases,
        pii: {} as CandidatePiiProtection,
        // Whatever fails before the run records its start (here: no client), as a lease store or SR outage would.
        srClientFor: (): SmartRecruitersClient => {
          // A runner that retried at once would spin here without end: disconnected after a few
          // attempts, it stops, and the count below shows the spin.
          if (++attempts === 5) book.apply(eventMessage('acme', 'IntegrationDisconnected', { disconnectedBy: 'spec' }));
          throw new Error('no SR client');
        },
        clock,
        replicaId: 'r1',
        leaseTtlMs: minute,
        retryDelayMs,
        newRunId: () => `r${attempts}`,
      }),
    });
    const handle = integrationEventsHandler({ book, scheduler, clock });
    // Connected on the Scale plan (5 min); its last run started 10 minutes ago, so it is overdue.
    const runId = 'initial-00000000-0000-4000-8000-000000000009';
    await handle(eventMessage('acme', 'IntegrationEnableRequested', { requestedBy: 'admin', plan: 'scale' }));
    await handle(eventMessage('acme', 'IntegrationConnected', { connectedBy: 'admin', scopes: [], accessTokenExpiresAt: '2026-01-05T10:00:00Z' }, { id: '00000000-0000-4000-8000-000000000009' }));
    await handle(eventMessage('acme', 'SyncRunStarted', { runId, kind: 'initial', resources: ['jobs'] }, { runId, at: clock.now() - 10 * minute }));
    await handle(eventMessage('acme', 'SyncRunCompleted', { counts: {}, apiCalls: 3, durationMs: 10 }, { runId }));

    scheduler.schedule('acme', clock.now());
    clock.advance(0);
    await scheduler.settled();
    expect(attempts).toBe(1);

    clock.advance(1);
    await scheduler.settled();
    clock.advance(retryDelayMs - 2);
    await scheduler.settled();
    expect(attempts).toBe(1);

    clock.advance(1);
    await scheduler.settled();
    expect(attempts).toBe(2);
    scheduler.stop();
  });
});
