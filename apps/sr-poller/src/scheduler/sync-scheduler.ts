import { MinHeap } from './min-heap';
import type { SchedulerClock } from './scheduler-clock';

/** After the grace period, how long stop waits for the aborted runs to end. */
const abortedRunsWaitMs = 1_000;

export interface SyncSchedulerOptions {
  clock: SchedulerClock;
  /**
   * The sync of one tenant, started when it is due. It schedules the tenant's next time itself
   * (`schedule`); the scheduler only guarantees that one tenant never runs twice at once here.
   * `stopping` aborts when a stop's grace period is over with the sync still running: it must then
   * end promptly (no more SR calls or appends), leaving the rest to whoever next holds the tenant.
   */
  run(tenantId: string, stopping: AbortSignal): Promise<void>;
  /** Syncs running at once in this replica (default 4): SR's budget is per tenant, our CPU is not. */
  maxConcurrent?: number;
  /** Told of a `run` that threw (it should not: the runner records failures itself). */
  onError?(tenantId: string, error: unknown): void;
}

interface Slot {
  tenantId: string;
  dueAt: number;
  /** Sync now: ahead of every tenant that is merely due. */
  urgent: boolean;
  seq: number;
}

const before = (a: Slot, b: Slot) => (a.urgent !== b.urgent ? a.urgent : a.dueAt !== b.dueAt ? a.dueAt < b.dueAt : a.seq < b.seq);

/**
 * Thousands of tenants in one replica: a min-heap of next sync times and a single timer armed for
 * the earliest, never a timer per tenant. Rescheduling leaves the old slot in the heap and skips it
 * when it surfaces (it is no longer the tenant's planned slot), so every change is O(log n).
 */
export class SyncScheduler {
  private readonly heap = new MinHeap<Slot>(before);
  private readonly planned = new Map<string, Slot>();
  private readonly running = new Map<string, Promise<void>>();
  /** Came due while its previous sync was still running: started when that one ends. */
  private readonly deferred = new Map<string, Slot>();
  private readonly maxConcurrent: number;
  private cancelTimer: (() => void) | undefined;
  private seq = 0;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: SyncSchedulerOptions) {
    this.maxConcurrent = options.maxConcurrent ?? 4;
  }

  /** Plans the tenant's next sync at `dueAt` (epoch ms), replacing any plan it had. */
  schedule(tenantId: string, dueAt: number): void {
    this.plan(tenantId, dueAt, false);
  }

  /** Sync now: the tenant goes ahead of every other due tenant. */
  syncNow(tenantId: string): void {
    this.plan(tenantId, this.options.clock.now(), true);
  }

  /** Forgets the tenant's plan; a sync already running finishes, and is not started again. */
  unschedule(tenantId: string): void {
    this.planned.delete(tenantId);
    this.deferred.delete(tenantId);
    this.compactIfMostlyStale();
    this.pump();
  }

  /** When the tenant's next sync is planned (epoch ms), if it is. */
  dueAt(tenantId: string): number | undefined {
    return (this.planned.get(tenantId) ?? this.deferred.get(tenantId))?.dueAt;
  }

  isRunning(tenantId: string): boolean {
    return this.running.has(tenantId);
  }

  /** Tenants with a plan. */
  get size(): number {
    return this.planned.size + [...this.deferred.keys()].filter((id) => !this.planned.has(id)).length;
  }

  /** Resolves once no sync is running (a plan may still be pending). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Disarms the timer, starts nothing more and waits for the running syncs. With `graceMs`, a sync
   * still running when it is over is aborted (its `stopping` signal), and stop resolves once it has
   * ended: a shutdown must not wait out a long initial sync, which the next holder of the tenant's
   * lease resumes from its checkpoints anyway, nor leave it calling SR and appending while the
   * stores it writes to close under it.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (options.graceMs === undefined) return this.settled();
    let cancelGrace: (() => void) | undefined;
    let graceIsOver = false;
    const graceOver = new Promise<void>((resolve) => {
      cancelGrace = this.options.clock.setTimer(options.graceMs!, () => {
        graceIsOver = true;
        resolve();
      });
    });
    await Promise.race([this.settled(), graceOver]);
    cancelGrace?.();
    if (!graceIsOver || this.running.size === 0) return;
    this.stopping.abort(new Error(`the sync scheduler stopped: its ${options.graceMs} ms grace period is over`));
    // An aborted run ends at its next SR call or append; one stuck in an exchange nothing can abort
    // (a permit request to connector-auth) must not hold the process past its shutdown timeout.
    let cancelWait: (() => void) | undefined;
    const waitOver = new Promise<void>((resolve) => {
      cancelWait = this.options.clock.setTimer(abortedRunsWaitMs, resolve);
    });
    await Promise.race([this.settled(), waitOver]);
    cancelWait?.();
  }

  private plan(tenantId: string, dueAt: number, urgent: boolean): void {
    if (this.stopped) return;
    const previous = this.planned.get(tenantId) ?? this.deferred.get(tenantId);
    // A sync-now already waiting keeps its place; a later regular plan must not demote it.
    if (previous?.urgent && !urgent) return;
    const slot: Slot = { tenantId, dueAt, urgent, seq: this.seq++ };
    this.deferred.delete(tenantId);
    this.planned.set(tenantId, slot);
    this.heap.push(slot);
    this.compactIfMostlyStale();
    this.pump();
  }

  private isCurrent(slot: Slot): boolean {
    return this.planned.get(slot.tenantId) === slot;
  }

  /** Starts every due tenant the concurrency allows, then arms the one timer for the next. */
  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.stopped) return;
    const now = this.options.clock.now();
    while (this.running.size < this.maxConcurrent) {
      const top = this.heap.peek();
      if (!top) break;
      if (!this.isCurrent(top)) {
        this.heap.pop();
        continue;
      }
      if (top.dueAt > now) break;
      this.heap.pop();
      this.planned.delete(top.tenantId);
      if (this.running.has(top.tenantId)) this.deferred.set(top.tenantId, top);
      else this.start(top.tenantId);
    }
    if (this.running.size >= this.maxConcurrent) return; // a finishing sync pumps again
    const next = this.heap.peek();
    if (next) this.cancelTimer = this.options.clock.setTimer(next.dueAt - now, () => this.pump());
  }

  private start(tenantId: string): void {
    const done = Promise.resolve()
      .then(() => this.options.run(tenantId, this.stopping.signal))
      .catch((error: unknown) => this.options.onError?.(tenantId, error))
      .finally(() => {
        this.running.delete(tenantId);
        const waiting = this.deferred.get(tenantId);
        if (waiting && !this.planned.has(tenantId)) {
          this.deferred.delete(tenantId);
          this.planned.set(tenantId, waiting);
          this.heap.push(waiting);
        }
        this.pump();
      });
    this.running.set(tenantId, done);
  }

  /** Rebuilds the heap when stale slots outnumber live ones, so churn cannot grow it without bound. */
  private compactIfMostlyStale(): void {
    if (this.heap.size < 1024 || this.heap.size < 4 * this.planned.size) return;
    const live = [...this.planned.values()];
    while (this.heap.pop() !== undefined);
    for (const slot of live) this.heap.push(slot);
  }
}
