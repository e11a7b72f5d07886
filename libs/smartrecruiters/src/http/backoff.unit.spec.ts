import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from './backoff';

describe('backoffDelay', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2_000 };

  it('doubles per retry with half of it jittered, and is capped', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
    expect(backoffDelay(20, policy, () => 1)).toBe(2_000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing from an absent header', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
