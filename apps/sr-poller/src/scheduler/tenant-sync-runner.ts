import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { runIncrementalSync, runInitialSync, SyncAbortedError, type CandidatePiiProtection, type SrSyncDeps, type SyncRunResult } from '@srw/sr-sync';
import type { TenantBook } from '../tenant-book';
import type { Lease, LeaseStore } from './lease-store/lease-store.port';
import type { SchedulerClock } from './scheduler-clock';
import type { SyncScheduler } from './sync-scheduler';

export interface TenantSyncRunnerDeps {
  book: TenantBook;
  scheduler: () => SyncScheduler;
  store: EventStore;
  leases: LeaseStore;
  /** Candidate PII is appended only encrypted, with each candidate's own key. */
  pii: CandidatePiiProtection;
  srClientFor(tenantId: string): SmartRecruitersClient;
  clock: SchedulerClock;
  replicaId: string;
  leaseTtlMs: number;
  /** After a failed run or an error of ours, the next attempt comes this much later (capped by the interval). */
  retryDelayMs: number;
  newRunId(): string;
  logger?: Logger;
  /** Told of every run this replica finished (tests, metrics). */
  onRun?(tenantId: string, result: SyncRunResult): void;
}

/**
 * One due tenant: take its lease (or come back when the holder's expires), run the sync the book
 * plans with the lease renewed every third of its TTL, record the outcome, plan the next run, free
 * the lease. A run another replica started recently only moves the plan. `stopping` (the scheduler's
 * stop, once its grace period is over) aborts the run as a lost lease does, and the lease is freed
 * for the next holder, which goes on from the run's last checkpoint.
 */
export function tenantSyncRunner(deps: TenantSyncRunnerDeps): (tenantId: string, stopping?: AbortSignal) => Promise<void> {
  const { book, clock, leases } = deps;
  return async (tenantId, stopping) => {
    if (!book.get(tenantId)?.connected) return;
    const now = clock.now();
    const dueAt = book.nextDueAt(tenantId, now);
    if (dueAt > now) return deps.scheduler().schedule(tenantId, dueAt);

    let lease: Lease | undefined;
    try {
      lease = await leases.acquire(tenantId, deps.replicaId, deps.leaseTtlMs, now);
      if (!lease) {
        // Another replica is on it: look again when its lease runs out (taken over if it died).
        const holder = await leases.holder(tenantId, clock.now());
        return deps.scheduler().schedule(tenantId, Math.max(holder?.expiresAt ?? now, clock.now()) + 1);
      }
      // Stopped while the lease was being taken: nothing is started, the lease goes back at once.
      if (stopping?.aborted) return;
      const result = await runWithRenewal(lease, stopping, (signal) => runPlanned(tenantId, signal));
      lease = result.lease;
      book.recordOutcome(tenantId, result.run.runId, result.run.status, now, clock.now());
      deps.onRun?.(tenantId, result.run);
      planNext(tenantId, result.run.status === 'completed' ? undefined : clock.now() + deps.retryDelayMs);
    } catch (error) {
      deps.logger?.error('tenant sync failed', { tenantId, error: error instanceof Error ? error.message : String(error) });
      planNext(tenantId, clock.now() + deps.retryDelayMs);
    } finally {
      if (lease) await leases.release(lease, clock.now()).catch(() => undefined);
    }
  };

  function planNext(tenantId: string, retryAt: number | undefined): void {
    if (!book.get(tenantId)?.connected) return;
    const now = clock.now();
    const regular = book.nextDueAt(tenantId, now);
    // After a failure the retry delay holds even when the book calls the tenant due already (overdue
    // by its plan, a pending initial run, a "sync now"): taking "due" literally retried at once, in a
    // loop as fast as the failure came back. A regular time still ahead caps it (at most the interval).
    deps.scheduler().schedule(tenantId, retryAt === undefined ? regular : regular > now ? Math.min(regular, retryAt) : retryAt);
  }

  async function runPlanned(tenantId: string, signal: AbortSignal): Promise<SyncRunResult> {
    book.beginRun(tenantId);
    const run = book.nextRun(tenantId, deps.newRunId);
    const syncDeps: SrSyncDeps = {
      tenantId,
      client: deps.srClientFor(tenantId),
      store: deps.store,
      pii: deps.pii,
      clock: () => new Date(clock.now()),
      triggers: book.triggersOf(tenantId),
      signal,
    };
    deps.logger?.info('sync starting', { tenantId, runId: run.runId, kind: run.kind });
    return run.kind === 'initial'
      ? runInitialSync(syncDeps, { runId: run.runId, ...(run.resumesRunId === undefined ? {} : { resumesRunId: run.resumesRunId }) })
      : runIncrementalSync(syncDeps, { runId: run.runId, sinceRunId: run.sinceRunId });
  }

  /**
   * Runs `work` while renewing the lease every third of its TTL. A renewal that fails (another
   * replica took the tenant, or the store no longer has the lease), or `stopping`, aborts the run at
   * once: it sends no more SR calls, appends and records no more checkpoints, and ends recorded as
   * failed (`SYNC_ABORTED`), so the next holder goes on from the last checkpoint.
   */
  async function runWithRenewal(
    first: Lease,
    stopping: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<SyncRunResult>,
  ): Promise<{ run: SyncRunResult; lease: Lease | undefined }> {
    const abort = new AbortController();
    const onStop = () => {
      deps.logger?.info('sync stopped with the replica: the next holder of the lease goes on from the last checkpoint', { tenantId: first.key, replicaId: deps.replicaId });
      abort.abort(new SyncAbortedError(`replica ${deps.replicaId} stopped while syncing tenant ${first.key}: the next holder of the lease goes on from the last checkpoint`));
    };
    stopping?.addEventListener('abort', onStop, { once: true });
    let current: Lease | undefined = first;
    let cancel: (() => void) | undefined;
    let renewing: Promise<void> = Promise.resolve();
    // A third into each lease's life, reckoned from its expiry: an acquire (or renewal) that took long
    // under load leaves less of the lease, and waiting a fixed third of the TTL after it could miss it.
    const arm = () => {
      const renewIn = current ? current.expiresAt - clock.now() - (2 * deps.leaseTtlMs) / 3 : 0;
      cancel = clock.setTimer(Math.max(0, renewIn), () => {
        renewing = (async () => {
          if (!current) return;
          current = await leases.renew(current, deps.leaseTtlMs, clock.now()).catch(() => undefined);
          if (current) return arm();
          deps.logger?.warn('sync lease lost: the run stops', { tenantId: first.key, replicaId: deps.replicaId });
          abort.abort(new SyncAbortedError(`the lease on tenant ${first.key} was lost by replica ${deps.replicaId}: the holder of the lease goes on from the last checkpoint`));
        })();
      });
    };
    arm();
    try {
      const run = await work(abort.signal);
      return { run, lease: current };
    } finally {
      stopping?.removeEventListener('abort', onStop);
      cancel?.();
      await renewing;
    }
  }
}
