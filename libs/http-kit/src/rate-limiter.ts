import { RateLimitedError } from '@srw/errors';

/** A vendor's quotas for one credential (SR) or organisation (Willo). */
export interface RateLimits {
  /** Calls in any rolling second. */
  perSecond: number;
  /** Calls in any rolling minute; no limit when absent. */
  perMinute?: number;
  /** Calls per UTC day; once spent, calls fail with a {@link RateLimitedError} until midnight UTC. */
  perDay?: number;
  /** Calls in flight at once; no limit when absent. */
  concurrent?: number;
  /** Calls in flight at once in a lane (SR: one `GET /candidates` at a time); other lanes are not held back by it. */
  concurrentPerLane?: Readonly<Record<string, number>>;
  /** Widens every window, so that clock and network jitter never let the vendor count more than the limit. */
  marginMs: number;
}

/** The last `X-RateLimit-*` values a server sent, for diagnostics. */
export interface RateLimitObservation {
  limit?: number;
  remaining?: number;
  concurrentLimit?: number;
  concurrentRemaining?: number;
}

/**
 * Admission of calls to a vendor, shared by every caller that spends the same quota. Tasks start in
 * arrival order as far as the limits allow.
 */
export interface RateLimiter {
  /**
   * Runs `task` (the whole call: send and read the answer) when the limits allow, in `lane`.
   * Rejects with a {@link RateLimitedError} without running it when a daily quota is spent.
   */
  schedule<T>(task: () => Promise<T>, lane?: string): Promise<T>;
  /** Reads `X-RateLimit-*` from an answer: the server's view wins when it sees less budget than we do. */
  observe(headers: Headers): void;
  /** Holds every caller back for `ms`, e.g. after a 429. */
  pause(ms: number): void;
  /** The last `X-RateLimit-*` values seen, for diagnostics. */
  readonly lastObserved: RateLimitObservation;
}

/** The `X-RateLimit-*` headers of an answer (absent or unreadable ones left out). */
export function rateLimitObservationOf(headers: Headers): RateLimitObservation {
  const read = (name: string) => {
    const value = headers.get(name);
    return value === null || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
  };
  return {
    limit: read('x-ratelimit-limit'),
    remaining: read('x-ratelimit-remaining'),
    concurrentLimit: read('x-ratelimit-concurrent-limit'),
    concurrentRemaining: read('x-ratelimit-concurrent-remaining'),
  };
}

interface Waiter {
  lane: string;
  start: () => void;
  refuse: (error: RateLimitedError) => void;
}

const dayMs = 86_400_000;

/**
 * Rolling windows (a second, a minute), a UTC-day count, a concurrency cap and per-lane caps. A call
 * holds its place in every window while in flight and for one window after its answer: the vendor
 * counts it somewhere between our send and its answer, so counting from the answer can never let the
 * vendor count more than the limit, however slow the answers.
 */
export class SlidingWindowRateLimiter implements RateLimiter {
  /** When recent calls were answered, oldest first, within the longest window. */
  private readonly answered: number[] = [];
  private readonly queue: Waiter[] = [];
  private active = 0;
  private readonly activeInLane = new Map<string, number>();
  private pausedUntil = 0;
  private day = { date: '', count: 0 };
  private wakeAt = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  lastObserved: RateLimitObservation = {};

  /** `now` is wall-clock milliseconds (the daily quota follows the UTC calendar). */
  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  schedule<T>(task: () => Promise<T>, lane = 'default'): Promise<T> {
    return new Promise<void>((start, refuse) => {
      this.queue.push({ lane, start, refuse });
      this.pump();
    }).then(async () => {
      try {
        return await task();
      } finally {
        this.active--;
        this.activeInLane.set(lane, (this.activeInLane.get(lane) ?? 1) - 1);
        this.answered.push(this.now());
        this.pump();
      }
    });
  }

  observe(headers: Headers): void {
    this.lastObserved = rateLimitObservationOf(headers);
    // Another process may share the quota: when the server says the window is spent, wait a slot.
    if (this.lastObserved.remaining === 0) this.pause((1000 + this.limits.marginMs) / this.limits.perSecond);
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.pump();
  }

  private windows(): { max: number; ms: number }[] {
    const { perSecond, perMinute, marginMs } = this.limits;
    const windows = [{ max: perSecond, ms: 1000 + marginMs }];
    if (perMinute !== undefined) windows.push({ max: perMinute, ms: 60_000 + marginMs });
    return windows;
  }

  /**
   * When a window lets one more call start: now, a later time (once enough answers age out), or
   * `undefined` when it is full of calls in flight (the next answer pumps again).
   */
  private roomAt(now: number): number | undefined {
    let at = now;
    for (const window of this.windows()) {
      if (this.active >= window.max) return undefined;
      const recent = this.answered.filter((answeredAt) => answeredAt > now - window.ms);
      const excess = this.active + recent.length - window.max;
      if (excess >= 0) at = Math.max(at, (recent[excess] as number) + window.ms);
    }
    return at;
  }

  /** False, and every waiter refused, when the day's quota is spent. */
  private dayHasRoom(now: number): boolean {
    const { perDay } = this.limits;
    if (perDay === undefined) return true;
    const date = new Date(now).toISOString().slice(0, 10);
    if (this.day.date !== date) this.day = { date, count: 0 };
    if (this.day.count < perDay) return true;
    const midnight = Date.parse(`${date}T00:00:00.000Z`) + dayMs;
    for (const waiter of this.queue.splice(0)) {
      waiter.refuse(new RateLimitedError(`daily quota of ${perDay} calls spent`, midnight - now));
    }
    return false;
  }

  private pump(): void {
    const now = this.now();
    const longest = Math.max(...this.windows().map((w) => w.ms));
    while (this.answered.length > 0 && (this.answered[0] as number) <= now - longest) this.answered.shift();
    let i = 0;
    while (i < this.queue.length) {
      // Checked first: a caller is told at once that today is spent, not after waiting for a window.
      if (!this.dayHasRoom(now)) return;
      if (now < this.pausedUntil) return this.wake(this.pausedUntil);
      if (this.limits.concurrent !== undefined && this.active >= this.limits.concurrent) return;
      const roomAt = this.roomAt(now);
      if (roomAt === undefined) return;
      if (roomAt > now) return this.wake(roomAt);
      const waiter = this.queue[i] as Waiter;
      const laneCap = this.limits.concurrentPerLane?.[waiter.lane];
      if (laneCap !== undefined && (this.activeInLane.get(waiter.lane) ?? 0) >= laneCap) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      this.activeInLane.set(waiter.lane, (this.activeInLane.get(waiter.lane) ?? 0) + 1);
      this.day.count++;
      waiter.start();
    }
  }

  private wake(at: number): void {
    if (this.timer && at >= this.wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, Math.max(0, at - this.now()));
  }
}

/** Lets every call through at once: for tests of a server's own throttling. */
export const unlimitedRateLimiter: RateLimiter = {
  schedule: (task) => task(),
  observe: () => undefined,
  pause: () => undefined,
  lastObserved: {},
};
