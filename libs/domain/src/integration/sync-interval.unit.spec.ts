import { describe, expect, it } from 'vitest';
import { syncIntervalFor } from './sync-interval';

describe('syncIntervalFor', () => {
  it.each([
    ['launch', 3 * 60 * 60],
    ['growth', 30 * 60],
    ['scale', 5 * 60],
    ['enterprise', 5 * 60],
  ] as const)('gives the %s plan its interval', (plan, seconds) => {
    expect(syncIntervalFor(plan)).toBe(seconds);
  });

  it("prefers the tenant's override to the plan's interval", () => {
    expect(syncIntervalFor('launch', 900)).toBe(900);
    expect(syncIntervalFor('enterprise', 60)).toBe(60);
  });
});
