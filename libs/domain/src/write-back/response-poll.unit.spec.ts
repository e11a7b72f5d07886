import { describe, expect, it } from 'vitest';
import { nextResponseCheckAt } from './response-poll';

const schedule = { firstCheckMs: 1_000, maxIntervalMs: 10_000 };

describe('response poll schedule', () => {
  it('checks first a while after the invite, then backs off doubling up to the cap', () => {
    expect(nextResponseCheckAt({ invitedAt: 0, checks: 0, lastCheckedAt: undefined }, schedule)).toBe(1_000);
    expect(nextResponseCheckAt({ invitedAt: 0, checks: 1, lastCheckedAt: 1_000 }, schedule)).toBe(3_000);
    expect(nextResponseCheckAt({ invitedAt: 0, checks: 2, lastCheckedAt: 3_000 }, schedule)).toBe(7_000);
    expect(nextResponseCheckAt({ invitedAt: 0, checks: 3, lastCheckedAt: 7_000 }, schedule)).toBe(15_000);
    expect(nextResponseCheckAt({ invitedAt: 0, checks: 40, lastCheckedAt: 15_000 }, schedule)).toBe(25_000);
  });
});
