import { RateLimitedError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter, type Clock } from './rate-limiter';

/** A clock whose sleep only moves time forward, so a minute of waiting takes no real time. */
function fakeClock(start = Date.parse('2026-11-27T10:00:00.000Z')): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

async function sendTimes(limiter: SlidingWindowRateLimiter, clock: Clock, calls: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    await limiter.acquire();
    times.push(clock.now());
  }
  return times;
}

describe('SlidingWindowRateLimiter', () => {
  it('lets 10 calls through in a second, then waits for the window to move', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter({ perSecond: 10, perMinute: 100, perDay: 50_000, marginMs: 0 }, clock);

    const times = await sendTimes(limiter, clock, 11);

    expect(new Set(times.slice(0, 10)).size).toBe(1);
    expect((times[10] ?? 0) - (times[0] ?? 0)).toBe(1_000);
  });

  it('never sends more than 100 calls in any 60 s', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter({ perSecond: 10, perMinute: 100, perDay: 50_000, marginMs: 0 }, clock);

    const times = await sendTimes(limiter, clock, 250);

    for (const [i, t] of times.entries()) {
      expect(times.filter((u) => u > t - 60_000 && u <= t).length, `window ending at call ${i}`).toBeLessThanOrEqual(100);
      expect(times.filter((u) => u > t - 1_000 && u <= t).length).toBeLessThanOrEqual(10);
    }
    expect((times[100] ?? 0) - (times[0] ?? 0)).toBe(60_000);
  });

  it('refuses with a RateLimitedError until midnight UTC once the daily cap is spent', async () => {
    const clock = fakeClock(Date.parse('2026-11-27T23:00:00.000Z'));
    const limiter = new SlidingWindowRateLimiter({ perSecond: 1_000, perMinute: 1_000, perDay: 3, marginMs: 0 }, clock);
    await sendTimes(limiter, clock, 3);

    const refusal = await limiter.acquire().catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterMs).toBe(3_600_000);
    await clock.sleep(3_600_000);
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });

  it('counts a call from its answer once answered: slow answers do not let the next calls out early', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const limiter = new SlidingWindowRateLimiter({ perSecond: 10, perMinute: 100, perDay: 50_000, marginMs: 0 }, clock);
    await sendTimes(limiter, clock, 10);

    // Willo counted these somewhere in the 400 ms before their answers came.
    await clock.sleep(400);
    for (let i = 0; i < 10; i++) limiter.answered();
    const [eleventh] = await sendTimes(limiter, clock, 1);

    expect((eleventh ?? 0) - start).toBe(1_400);
  });
});
