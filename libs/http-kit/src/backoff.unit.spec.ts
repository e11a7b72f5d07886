import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 2_000 };

  it('draws uniformly below a ceiling that doubles per retry (full jitter)', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.5)).toBe(50);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(3, policy, () => 0.999)).toBeCloseTo(799.2);
  });

  it('never exceeds the cap, however many retries', () => {
    expect(backoffDelay(4, policy, () => 0.999)).toBeCloseTo(1_598.4);
    expect(backoffDelay(5, policy, () => 0.999)).toBeCloseTo(1_998);
    expect(backoffDelay(1_000, policy, () => 0.999)).toBeCloseTo(1_998);
  });

  it('waits at least the floor (a server hint) when the draw is shorter', () => {
    expect(backoffDelay(0, policy, () => 0.5, 2_000)).toBe(2_000);
    expect(backoffDelay(5, policy, () => 0.5, 10)).toBe(1_000);
  });
});
