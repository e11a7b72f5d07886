import { RateLimitedError } from '@srw/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RateLimits, SlidingWindowRateLimiter } from './rate-limiter';

// Fake timers: windows of a minute and a day pass at once, and every time below is exact.
const t0 = Date.parse('2026-11-27T10:00:00.000Z');
beforeEach(() => vi.useFakeTimers({ now: t0 }));
afterEach(() => vi.useRealTimers());

const sr: RateLimits = { perSecond: 10, concurrent: 8, concurrentPerLane: { 'candidate-listing': 1 }, marginMs: 25 };
const willo: RateLimits = { perSecond: 10, perMinute: 100, perDay: 50_000, marginMs: 0 };

interface Call {
  lane?: string;
  /** How long the call waits for its answer. */
  ms?: number;
}

/** Schedules the calls at once, runs the clock until all are answered, and records starts and peaks. */
async function run(limiter: SlidingWindowRateLimiter, calls: Call[]) {
  const starts: number[] = [];
  const inFlight = new Map<string, number>();
  const peaks = new Map<string, number>();
  const count = (key: string, by: number) => {
    inFlight.set(key, (inFlight.get(key) ?? 0) + by);
    peaks.set(key, Math.max(peaks.get(key) ?? 0, inFlight.get(key) as number));
  };
  const all = Promise.all(
    calls.map(({ lane, ms = 0 }) =>
      limiter.schedule(async () => {
        starts.push(Date.now() - t0);
        count('all', 1);
        if (lane) count(lane, 1);
        if (ms > 0) await new Promise((r) => setTimeout(r, ms));
        count('all', -1);
        if (lane) count(lane, -1);
      }, lane),
    ),
  );
  await vi.runAllTimersAsync();
  await all;
  return { starts, peaks };
}

const calls = (n: number, call: Call = {}) => Array.from({ length: n }, () => call);

describe('SlidingWindowRateLimiter', () => {
  it('starts at most perSecond calls in any rolling second (widened by the margin), and no later than that allows', async () => {
    const { starts } = await run(new SlidingWindowRateLimiter(sr), calls(35));
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1_025).length).toBeLessThanOrEqual(10);
    expect([...new Set(starts)]).toEqual([0, 1_025, 2_050, 3_075]);
  });

  it('keeps at most `concurrent` in flight and one call of a capped lane, without holding other lanes back', async () => {
    const lanes = calls(20).map((_, i) => ({ lane: i % 3 === 0 ? 'candidate-listing' : 'default', ms: 400 }));
    const { starts, peaks } = await run(new SlidingWindowRateLimiter({ ...sr, perSecond: 1_000 }), lanes);
    expect(peaks.get('all')).toBe(8);
    expect(peaks.get('candidate-listing')).toBe(1);
    // The first eight to start: one listing, seven others that arrived behind the waiting listings.
    expect(starts.slice(0, 8)).toEqual(calls(8).map(() => 0));
  });

  it('holds a call in flight in its window until one window after its answer, however slow the answer', async () => {
    const limiter = new SlidingWindowRateLimiter(willo);
    const { starts } = await run(limiter, [...calls(10, { ms: 5_000 }), {}]);
    expect(starts).toEqual([...calls(10).map(() => 0), 6_000]);
  });

  it('counts a call from its answer: slow answers do not let the next calls out early', async () => {
    const { starts } = await run(new SlidingWindowRateLimiter(willo), [...calls(10, { ms: 400 }), {}]);
    expect(starts.at(-1)).toBe(1_400);
  });

  it('never starts more than perMinute calls in any 60 s', async () => {
    const { starts } = await run(new SlidingWindowRateLimiter(willo), calls(250));
    for (const [i, t] of starts.entries()) {
      expect(starts.filter((u) => u > t - 60_000 && u <= t).length, `window ending at call ${i}`).toBeLessThanOrEqual(100);
      expect(starts.filter((u) => u > t - 1_000 && u <= t).length).toBeLessThanOrEqual(10);
    }
    expect(starts[10]).toBe(1_000);
    expect(starts[100]).toBe(60_000);
  });

  it('refuses with a RateLimitedError until midnight UTC once the daily quota is spent, without running the call', async () => {
    vi.setSystemTime(Date.parse('2026-11-27T23:00:00.000Z'));
    const limiter = new SlidingWindowRateLimiter({ perSecond: 1_000, perDay: 3, marginMs: 0 });
    for (let i = 0; i < 3; i++) await limiter.schedule(async () => undefined);
    let ran = false;

    const refusal = await limiter.schedule(async () => (ran = true)).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(ran).toBe(false);
    vi.setSystemTime(Date.parse('2026-11-28T00:00:00.000Z'));
    await expect(limiter.schedule(async () => 'ran')).resolves.toBe('ran');
  });

  it('holds everyone back after a pause (a 429) and when the server reports the window spent', async () => {
    const limiter = new SlidingWindowRateLimiter(sr);
    limiter.pause(500);
    expect((await run(limiter, [{}])).starts).toEqual([500]);

    limiter.observe(new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Limit': '10' }));
    expect(limiter.lastObserved).toMatchObject({ remaining: 0, limit: 10 });
    // One slot of the widened window (1025 ms / 10), on a timer of whole milliseconds.
    expect((await run(limiter, [{}])).starts).toEqual([603]);
  });

  it('lets a task failure through and counts the failed call like any other', async () => {
    const limiter = new SlidingWindowRateLimiter({ perSecond: 1, marginMs: 0 });
    await expect(limiter.schedule(async () => Promise.reject(new Error('reset')))).rejects.toThrow('reset');
    expect((await run(limiter, [{}])).starts).toEqual([1_000]);
  });
});
