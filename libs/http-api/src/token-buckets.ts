export interface TokenBucketLimits {
  /** Requests a key may make at once after being idle (the bucket's size). */
  burst: number;
  /** Requests per second a key may sustain (the refill rate). */
  perSecond: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Above this many keys, buckets that have refilled completely are forgotten (they equal a new one). */
const sweepAbove = 10_000;

/**
 * One token bucket per key, in memory: each request takes a token; tokens come back at `perSecond`
 * up to `burst`. Pure apart from the injected clock (milliseconds), so specs drive time by hand.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limits: TokenBucketLimits,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limits.burst >= 1) || !(limits.perSecond > 0)) throw new RangeError('burst must be at least 1 and perSecond above 0');
  }

  /** Takes a token for `key`, or says how long until one is there. */
  take(key: string): Admission {
    const now = this.now();
    if (this.buckets.size > sweepAbove) this.sweep(now);
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      this.buckets.set(key, { tokens: bucket.tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(key, bucket);
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / this.limits.perSecond) };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.limits.burst, at: now };
    // A clock that steps back refills nothing (and takes nothing away).
    const elapsedMs = Math.max(0, now - bucket.at);
    return { tokens: Math.min(this.limits.burst, bucket.tokens + (elapsedMs * this.limits.perSecond) / 1000), at: now };
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.limits.burst) this.buckets.delete(key);
    }
  }
}
