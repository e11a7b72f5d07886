import type { RateLimiter } from '@srw/http-kit';
import { createGate, eventually, type Gate } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lane } from '../http/rate-limiter';

/** SR's budget per credential, as every adapter is built for it in the contract. */
export const contractLimits = { requestsPerSecond: 10, concurrentRequests: 8, concurrentCandidateListings: 1, windowMarginMs: 25 } as const;

export interface RateBudgetHarness {
  /**
   * `count` limiters that share one credential's budget (built from {@link contractLimits}): the same
   * object for the in-process adapter, one client each (as in separate processes) for a remote one.
   */
  limiters(count: number): Promise<RateLimiter[]>;
  close(): Promise<void>;
}

/** Tasks that hold their slot until the test lets them go, recording what was in flight when. */
function recorder() {
  const record = { inFlight: 0, listings: 0, maxInFlight: 0, maxListings: 0, started: 0, startedAt: [] as number[], holding: [] as { lane: Lane; gate: Gate }[] };
  const task = (lane: Lane, hold?: Gate) => async () => {
    record.inFlight++;
    if (lane === 'candidate-listing') record.listings++;
    record.started++;
    // The clock the limiters count by.
    record.startedAt.push(Date.now());
    record.maxInFlight = Math.max(record.maxInFlight, record.inFlight);
    record.maxListings = Math.max(record.maxListings, record.listings);
    if (hold) record.holding.push({ lane, gate: hold });
    try {
      await hold?.wait();
    } finally {
      record.inFlight--;
      if (lane === 'candidate-listing') record.listings--;
    }
  };
  return { record, task };
}

/** Starts of the busiest rolling second. */
function busiestSecond(startedAt: readonly number[]): number {
  const sorted = [...startedAt].sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= 1000) i++;
    busiest = Math.max(busiest, j - i + 1);
  }
  return busiest;
}

/**
 * One credential's SR budget, however many limiters (processes) share it: at most 8 calls in flight,
 * one `GET /candidates` at a time, at most 10 starts in any rolling second, and a pause holds
 * everyone. Every adapter of the budget (`SlidingWindowRateLimiter` in one process, the permits
 * leased from connector-auth across processes) passes it.
 */
export function rateBudgetContract(adapter: string, harness: () => Promise<RateBudgetHarness>): void {
  describe(`SR rate budget: ${adapter}`, () => {
    const opened: RateBudgetHarness[] = [];
    const open = async () => {
      const h = await harness();
      opened.push(h);
      return h;
    };
    afterAll(async () => {
      await Promise.all(opened.map((h) => h.close()));
    });

    it('never lets more than 8 calls be in flight, nor 2 candidate listings, across its limiters', { timeout: 60_000 }, async () => {
      const limiters = await (await open()).limiters(2);
      const { record, task } = recorder();
      const lanes: Lane[] = Array.from({ length: 20 }, (_, n) => (n % 5 === 0 ? 'candidate-listing' : 'default'));
      const calls = lanes.map((lane, n) => limiters[n % limiters.length]!.schedule(task(lane, createGate()), lane));
      // Each time the budget is full (8 in flight, or all that are left), the oldest call ends.
      const left = { default: lanes.filter((lane) => lane === 'default').length, 'candidate-listing': lanes.filter((lane) => lane !== 'default').length };
      for (let ended = 0; ended < lanes.length; ended++) {
        const admissible = Math.min(contractLimits.concurrentRequests, left.default + Math.min(contractLimits.concurrentCandidateListings, left['candidate-listing']));
        // Counted by the calls not let go yet: one let go is still in flight until its end has run.
        await eventually(() => (record.holding.length >= admissible ? true : undefined), { what: `${admissible} calls in flight (${record.holding.length})` });
        const oldest = record.holding.shift()!;
        left[oldest.lane]--;
        oldest.gate.open();
      }
      await Promise.all(calls);
      expect(record.started).toBe(20);
      expect(record.maxInFlight).toBeLessThanOrEqual(contractLimits.concurrentRequests);
      expect(record.maxListings).toBe(1);
    });

    it('starts at most 10 calls in any rolling second across its limiters', { timeout: 60_000 }, async () => {
      const limiters = await (await open()).limiters(3);
      const { record, task } = recorder();
      await Promise.all(Array.from({ length: 36 }, (_, n) => limiters[n % limiters.length]!.schedule(task('default'))));
      expect(record.started).toBe(36);
      expect(busiestSecond(record.startedAt)).toBeLessThanOrEqual(contractLimits.requestsPerSecond);
    });

    it('holds every limiter back during a pause', { timeout: 60_000 }, async () => {
      const limiters = await (await open()).limiters(2);
      const { record, task } = recorder();
      await limiters[0]!.schedule(task('default'));
      const pausedAt = Date.now();
      limiters[0]!.pause(1_500);
      // The pause reaches a remote budget with the next exchange: give the other limiter a call after it.
      await limiters[0]!.schedule(task('default'));
      await limiters[1]!.schedule(task('default'));
      expect(record.startedAt.slice(1).every((at) => at - pausedAt >= 1_500)).toBe(true);
    });
  });
}
