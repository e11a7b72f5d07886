import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-27T10:00:00.000Z');

  it('reads delay-seconds (a fraction too)', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs('0.05')).toBe(50);
  });

  it('reads an HTTP-date as the time left until then, never negative', () => {
    expect(retryAfterMs(new Date(now + 6_000).toUTCString(), { now })).toBe(6_000);
    expect(retryAfterMs(new Date(now - 6_000).toUTCString(), { now })).toBe(0);
  });

  it('caps the hint: at maxMs, and at a day by default', () => {
    expect(retryAfterMs('3600', { maxMs: 60_000 })).toBe(60_000);
    expect(retryAfterMs(new Date(now + 3_600_000).toUTCString(), { now, maxMs: 60_000 })).toBe(60_000);
    expect(retryAfterMs('99999999')).toBe(86_400_000);
    expect(retryAfterMs('1'.repeat(400))).toBe(86_400_000);
  });

  it('ignores an absent or unreadable header', () => {
    for (const header of [null, undefined, '', '  ', 'soon', '-1', '1e3', '0x10', 'Infinity']) {
      expect(retryAfterMs(header), String(header)).toBeUndefined();
    }
  });
});
