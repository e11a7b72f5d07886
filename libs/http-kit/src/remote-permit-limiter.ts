import { TransientError } from '@srw/errors';
import type { PermitRelease } from './permit-ledger';
import { rateLimitObservationOf, type RateLimiter, type RateLimitObservation } from './rate-limiter';
import type { PermitExchange, PermitExchangeAnswer } from './shared-rate-budget';

export interface RemotePermitLimiterOptions {
  /** One round trip to the budget's owner (connector-auth's `POST /internal/sr-permits` for SR). */
  exchange(request: PermitExchange): Promise<PermitExchangeAnswer>;
  /** The credential whose budget this is (SR: the tenant). */
  key: string;
  /** Permits asked at once when calls wait (default 4): fewer round trips, at the cost of holding slots a moment longer. */
  batchSize?: number;
  /** How long one ask may wait at the owner for a free permit (default 5 s); the limiter asks again after. */
  waitMs?: number;
  now?: () => number;
}

interface Waiter {
  start: (permit: HeldPermit) => void;
  refuse: (error: Error) => void;
}

interface HeldPermit {
  id: string;
  lane: string;
  /** Local time after which the owner may have taken it back. */
  expiresAt: number;
}

/**
 * A {@link RateLimiter} whose budget lives in another process (see `SharedRateBudget`): every call
 * runs on a permit leased from the owner. Permits are asked for in small batches (one round trip
 * for several calls) and handed back in the next exchange; an unused one goes back at once, without
 * counting. Permits held are renewed every third of the lease while their calls run, so a crashed
 * process loses its slots after one lease, and a live one never does. The owner unreachable: the
 * waiting calls fail with a retryable {@link TransientError} (the caller backs off), nothing runs
 * without a permit.
 */
export class RemotePermitLimiter implements RateLimiter {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly pools = new Map<string, HeldPermit[]>();
  private readonly asking = new Set<string>();
  private readonly inUse = new Map<string, HeldPermit>();
  private releases: PermitRelease[] = [];
  private pauseMs = 0;
  private flushing: NodeJS.Immediate | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private leaseMs: number | undefined;
  private readonly now: () => number;
  lastObserved: RateLimitObservation = {};

  constructor(private readonly options: RemotePermitLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  schedule<T>(task: () => Promise<T>, lane = 'default'): Promise<T> {
    return new Promise<HeldPermit>((start, refuse) => {
      this.queueOf(lane).push({ start, refuse });
      this.pump(lane);
    }).then(async (permit) => {
      try {
        return await task();
      } finally {
        // Whether or not it reached the vendor, the call may have: it counts.
        this.inUse.delete(permit.id);
        this.releases.push({ id: permit.id, used: true });
        this.flushSoon();
        this.pump(lane);
      }
    });
  }

  observe(headers: Headers): void {
    this.lastObserved = rateLimitObservationOf(headers);
    // Someone outside this budget spends the same quota: hold everyone back a slot's length.
    if (this.lastObserved.remaining === 0 && this.lastObserved.limit) this.pause(1000 / this.lastObserved.limit);
  }

  pause(ms: number): void {
    this.pauseMs = Math.max(this.pauseMs, Math.ceil(ms));
    this.flushSoon();
  }

  private queueOf(lane: string): Waiter[] {
    let queue = this.queues.get(lane);
    if (!queue) this.queues.set(lane, (queue = []));
    return queue;
  }

  private pump(lane: string): void {
    const queue = this.queueOf(lane);
    const pool = this.pools.get(lane) ?? [];
    // A pooled permit is used only with a third of its lease left, so that its first renewal comes in time; an older one goes back unused.
    const isFresh = (permit: HeldPermit) => permit.expiresAt - this.now() > (this.leaseMs ?? 0) / 3;
    const fresh = pool.filter(isFresh);
    const stale = pool.filter((permit) => !isFresh(permit));
    this.pools.set(lane, fresh);
    if (stale.length > 0) {
      this.releases.push(...stale.map((permit) => ({ id: permit.id, used: false })));
      this.flushSoon();
    }
    while (queue.length > 0 && fresh.length > 0) {
      const permit = fresh.shift()!;
      this.inUse.set(permit.id, permit);
      queue.shift()!.start(permit);
    }
    if (queue.length === 0 && fresh.length > 0) {
      this.releases.push(...fresh.splice(0).map((permit) => ({ id: permit.id, used: false })));
      this.flushSoon();
    }
    if (queue.length > 0 && !this.asking.has(lane)) void this.ask(lane, Math.min(this.options.batchSize ?? 4, queue.length));
    this.armRenewal();
  }

  private async ask(lane: string, want: number): Promise<void> {
    this.asking.add(lane);
    const { release, pauseMs } = this.takePending();
    try {
      const answer = await this.options.exchange({ key: this.options.key, lane, want, waitMs: this.options.waitMs ?? 5_000, release, renew: [], ...(pauseMs ? { pauseMs } : {}) });
      this.leaseMs = answer.leaseMs;
      // Granted just before the answer left (after the long poll, not when it was asked): its lease runs from
      // about now; the third of a lease kept in hand (see pump) covers the answer's way here.
      const expiresAt = this.now() + answer.leaseMs;
      const pool = this.pools.get(lane) ?? [];
      pool.push(...answer.permits.map((permit) => ({ id: permit.id, lane, expiresAt })));
      this.pools.set(lane, pool);
    } catch (error) {
      this.restorePending(release, pauseMs);
      const refusal = new TransientError(`the shared rate budget of ${this.options.key} could not be reached: ${(error as Error).message}`, { cause: error });
      for (const waiter of this.queueOf(lane).splice(0)) waiter.refuse(refusal);
      this.flushSoon();
    } finally {
      this.asking.delete(lane);
    }
    this.pump(lane);
  }

  /** Hands back what finished (and passes a pause on) soon, in one exchange, unless an ask takes it first. */
  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = setImmediate(() => {
      this.flushing = undefined;
      if (this.releases.length === 0 && this.pauseMs === 0) return;
      const { release, pauseMs } = this.takePending();
      this.options
        .exchange({ key: this.options.key, lane: 'default', want: 0, waitMs: 0, release, renew: [], ...(pauseMs ? { pauseMs } : {}) })
        // Not handed back: the owner takes the permits back at their expiry, counted as used.
        .catch(() => this.restorePending(release.filter((r) => r.used), pauseMs));
    });
  }

  private armRenewal(): void {
    const held = this.inUse.size > 0 || [...this.pools.values()].some((pool) => pool.length > 0);
    if (!held || this.renewal || this.leaseMs === undefined) return;
    this.renewal = setTimeout(() => void this.renew(), this.leaseMs / 3);
    this.renewal.unref();
  }

  private async renew(): Promise<void> {
    const permits = [...this.inUse.values(), ...[...this.pools.values()].flat()];
    const sentAt = this.now();
    try {
      const answer = await this.options.exchange({ key: this.options.key, lane: 'default', want: 0, waitMs: 0, release: [], renew: permits.map(({ id, lane }) => ({ id, lane })) });
      const renewed = new Set(answer.renewed);
      for (const permit of permits) if (renewed.has(permit.id)) permit.expiresAt = sentAt + answer.leaseMs;
    } catch {
      // Tried again at the next tick; calls in flight go on (an unrenewed slot is only taken back at expiry).
    } finally {
      this.renewal = undefined;
      this.armRenewal();
    }
  }

  private takePending(): { release: PermitRelease[]; pauseMs: number } {
    const taken = { release: this.releases, pauseMs: this.pauseMs };
    this.releases = [];
    this.pauseMs = 0;
    return taken;
  }

  private restorePending(release: PermitRelease[], pauseMs: number): void {
    this.releases.unshift(...release);
    this.pauseMs = Math.max(this.pauseMs, pauseMs);
  }
}
