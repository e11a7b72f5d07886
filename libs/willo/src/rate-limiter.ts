import { RateLimitedError } from '@srw/errors';
import { willoRateLimits, type WilloRateLimits } from './willo-settings';

/**
 * Holds calls back so that one organisation stays under Willo's quotas. Share one instance between all
 * clients that use keys of the same organisation: the quotas are per organisation, not per key.
 */
export interface WilloRateLimiter {
  /** Resolves when a call may go out. Throws {@link RateLimitedError} when the daily cap is spent. */
  acquire(): Promise<void>;
  /**
   * A call let out by `acquire` got its answer (or failed) now. Willo counted it somewhere between our
   * send and its answer, so a limiter may count it from now on, which keeps slow answers from letting
   * the next calls out early. Calls are matched oldest first (which one does not matter to a count).
   */
  answered?(): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Sliding windows of one second and one minute, and a count per UTC day (ASSUMED reset time). A call
 * counts from its send, and from its answer once {@link answered} says it came.
 */
export class SlidingWindowRateLimiter implements WilloRateLimiter {
  /** Calls within the last minute, oldest first: when each was sent, or answered once it was. */
  private sent: { at: number; answered: boolean }[] = [];
  private day = { date: '', count: 0 };

  constructor(
    private readonly limits: WilloRateLimits = willoRateLimits,
    private readonly clock: Clock = systemClock,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0]?.at ?? 0) <= now - 60_000 - this.limits.marginMs) this.sent.shift();
      const date = new Date(now).toISOString().slice(0, 10);
      if (this.day.date !== date) this.day = { date, count: 0 };
      if (this.day.count >= this.limits.perDay) {
        const midnight = Date.parse(`${date}T00:00:00.000Z`) + 86_400_000;
        throw new RateLimitedError(`Willo daily quota of ${this.limits.perDay} calls spent`, midnight - now);
      }
      const waitMs = Math.max(
        this.waitFor(now, this.limits.perSecond, 1_000 + this.limits.marginMs),
        this.waitFor(now, this.limits.perMinute, 60_000 + this.limits.marginMs),
      );
      if (waitMs <= 0) {
        this.sent.push({ at: now, answered: false });
        this.day.count += 1;
        return;
      }
      await this.clock.sleep(waitMs);
    }
  }

  answered(): void {
    const call = this.sent.find((c) => !c.answered);
    if (!call) return;
    call.at = Math.max(call.at, this.clock.now());
    call.answered = true;
    this.sent = this.sent.toSorted((a, b) => a.at - b.at);
  }

  /** How long until the window has room: the `limit`-th most recent call must have left it. */
  private waitFor(now: number, limit: number, windowMs: number): number {
    const inWindow = this.sent.filter((c) => c.at > now - windowMs);
    if (inWindow.length < limit) return 0;
    return (inWindow[inWindow.length - limit]?.at ?? now) + windowMs - now;
  }
}

/** No client-side limit: for tests of the server's own throttling. */
export const unlimited: WilloRateLimiter = { acquire: async () => undefined };
