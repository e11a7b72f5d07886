/** `candidate-listing` is `GET /candidates`, which SR allows only once at a time per credential. */
export type Lane = 'default' | 'candidate-listing';

/**
 * Admission to SR for one credential, shared by every caller in the process. Tasks run in arrival
 * order as far as the limits allow.
 */
export interface RateLimiter {
  schedule<T>(lane: Lane, task: () => Promise<T>): Promise<T>;
  /** Reads `X-RateLimit-*` from a response: SR's view wins when it sees less budget than we do. */
  observe(headers: Headers): void;
  /** Holds every caller back, e.g. after a 429. */
  pause(ms: number): void;
  /** The last `X-RateLimit-*` values seen, for diagnostics. */
  readonly lastObserved: RateLimitObservation;
}

export interface RateLimitObservation {
  limit?: number;
  remaining?: number;
  concurrentLimit?: number;
  concurrentRemaining?: number;
}

export interface RateLimits {
  perSecond: number;
  concurrent: number;
  concurrentCandidateListings: number;
  /** Added to the one-second window so that jitter never lets SR count more than `perSecond`. */
  windowMarginMs: number;
}

interface Waiter {
  lane: Lane;
  start: () => void;
}

/**
 * A rolling-window limiter with a concurrency cap and a separate cap for candidate listings. A
 * request holds its window slot while in flight and for one window after its answer: SR sees it
 * arrive somewhere between our send and its answer, so counting from the answer can never let SR
 * count more than `perSecond` in its window, whatever the latency.
 */
export class SlidingWindowRateLimiter implements RateLimiter {
  /** When recent requests were answered, oldest first. */
  private readonly answered: number[] = [];
  private readonly queue: Waiter[] = [];
  private active = 0;
  private listingsActive = 0;
  private pausedUntil = 0;
  private wakeAt = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  lastObserved: RateLimitObservation = {};

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  schedule<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    return new Promise<void>((start) => {
      this.queue.push({ lane, start });
      this.pump();
    }).then(async () => {
      try {
        return await task();
      } finally {
        this.active--;
        if (lane === 'candidate-listing') this.listingsActive--;
        this.answered.push(this.now());
        this.pump();
      }
    });
  }

  observe(headers: Headers): void {
    const read = (name: string) => {
      const value = headers.get(name);
      return value === null || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
    };
    this.lastObserved = {
      limit: read('x-ratelimit-limit'),
      remaining: read('x-ratelimit-remaining'),
      concurrentLimit: read('x-ratelimit-concurrent-limit'),
      concurrentRemaining: read('x-ratelimit-concurrent-remaining'),
    };
    // Another process may share the credential: when SR says the window is spent, wait a slot.
    if (this.lastObserved.remaining === 0) this.pause(this.window() / this.limits.perSecond);
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.pump();
  }

  private window(): number {
    return 1000 + this.limits.windowMarginMs;
  }

  private pump(): void {
    const now = this.now();
    while (this.answered.length > 0 && (this.answered[0] as number) <= now - this.window()) this.answered.shift();
    let i = 0;
    while (i < this.queue.length) {
      if (now < this.pausedUntil) return this.wake(this.pausedUntil);
      if (this.active >= this.limits.concurrent) return;
      if (this.active + this.answered.length >= this.limits.perSecond) {
        // All slots in flight: the next answer pumps again. Otherwise wait for the oldest to age out.
        return this.answered.length > 0 ? this.wake((this.answered[0] as number) + this.window()) : undefined;
      }
      const waiter = this.queue[i] as Waiter;
      if (waiter.lane === 'candidate-listing' && this.listingsActive >= this.limits.concurrentCandidateListings) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      if (waiter.lane === 'candidate-listing') this.listingsActive++;
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

const shared = new Map<string, RateLimiter>();

/**
 * The one limiter of an SR credential in this process: every client built for the same credential
 * shares its budget (SR counts per credential, not per client object).
 */
export function sharedRateLimiter(credentialId: string, limits: RateLimits): RateLimiter {
  let limiter = shared.get(credentialId);
  if (!limiter) shared.set(credentialId, (limiter = new SlidingWindowRateLimiter(limits)));
  return limiter;
}
