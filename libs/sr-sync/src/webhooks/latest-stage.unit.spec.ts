import { describe, expect, it } from 'vitest';
import { latestStage } from './latest-stage';

describe('latestStage', () => {
  it('is the entry with the latest changedOn, whatever the order SR lists them in', () => {
    const older = { changedOn: '2026-01-01T10:00:00.000Z', status: 'NEW' };
    const newer = { changedOn: '2026-01-02T10:00:00.000+02:00', status: 'INTERVIEW', subStatus: 'Video' };
    const expected = { to: { status: 'INTERVIEW', subStatus: 'Video' }, changedOn: '2026-01-02T08:00:00.000Z' };
    expect(latestStage([older, newer])).toEqual(expected);
    expect(latestStage([newer, older])).toEqual(expected);
  });

  it('takes the later entry on a tie, and a status without a step as subStatus null', () => {
    const at = '2026-01-01T10:00:00.000Z';
    expect(latestStage([{ changedOn: at, status: 'REJECTED' }, { changedOn: at, status: 'HIRED', subStatus: '' }])).toEqual({
      to: { status: 'HIRED', subStatus: null },
      changedOn: at,
    });
  });

  it('skips entries without a status or a date, and is undefined when none is left', () => {
    expect(latestStage([{ changedOn: '2026-01-01T10:00:00.000Z' }, { status: 'NEW' }])).toBeUndefined();
    expect(latestStage([])).toBeUndefined();
  });
});
