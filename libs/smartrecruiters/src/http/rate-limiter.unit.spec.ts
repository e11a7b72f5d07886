import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Lane, SlidingWindowRateLimiter } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const limiter = () =>
    new SlidingWindowRateLimiter({ perSecond: 10, concurrent: 8, concurrentCandidateListings: 1, windowMarginMs: 25 }, () => Date.now());

  /** Runs tasks that take `ms` each and records start times and the peak concurrency per lane. */
  async function run(l: SlidingWindowRateLimiter, lanes: Lane[], ms: number) {
    const starts: number[] = [];
    let active = 0;
    let listings = 0;
    let peak = 0;
    let peakListings = 0;
    const all = Promise.all(
      lanes.map((lane) =>
        l.schedule(lane, async () => {
          starts.push(Date.now());
          active++;
          if (lane === 'candidate-listing') listings++;
          peak = Math.max(peak, active);
          peakListings = Math.max(peakListings, listings);
          await new Promise((r) => setTimeout(r, ms));
          active--;
          if (lane === 'candidate-listing') listings--;
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    return { starts, peak, peakListings };
  }

  it('never starts more than 10 requests in any rolling second', async () => {
    const { starts } = await run(limiter(), Array<Lane>(35).fill('default'), 1);
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(10);
    // and does not wait longer than needed: 35 requests need three full windows
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(3 * 1025 + 50);
  });

  it('keeps at most 8 in flight and one candidate listing at a time', async () => {
    const lanes: Lane[] = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 'candidate-listing' : 'default'));
    const { peak, peakListings } = await run(limiter(), lanes, 400);
    expect(peak).toBeLessThanOrEqual(8);
    expect(peakListings).toBe(1);
  });

  it('holds everyone back after a pause (a 429) and when SR reports the window spent', async () => {
    const l = limiter();
    const paused = Date.now();
    l.pause(500);
    const { starts } = await run(l, ['default'], 1);
    expect((starts[0] as number) - paused).toBeGreaterThanOrEqual(500);
    const before = Date.now();
    l.observe(new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Limit': '10' }));
    expect(l.lastObserved).toMatchObject({ remaining: 0, limit: 10 });
    const next = await run(l, ['default'], 1);
    expect((next.starts[0] as number) - before).toBeGreaterThanOrEqual(100);
  });
});
