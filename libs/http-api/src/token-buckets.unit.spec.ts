import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('lets a burst through, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 500 });
    now = 250;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 250 });
    now = 500;
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('keeps each key apart and never refills above the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, perSecond: 1 }, () => now);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
    now = 60_000;
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
  });

  it('refills nothing when the clock steps back', () => {
    let now = 10_000;
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1 }, () => now);
    buckets.take('a');
    now = 5_000;
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('refuses limits that admit nothing', () => {
    expect(() => new TokenBuckets({ burst: 0, perSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ burst: 1, perSecond: 0 })).toThrow(RangeError);
  });
});
