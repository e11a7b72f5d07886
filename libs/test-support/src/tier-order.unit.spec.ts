import { describe, expect, it } from 'vitest';
import { tierOrderViolations, type TierEvent } from './tier-order';

const order = ['unit', 'int', 'e2e'];
const file = (tier: string): TierEvent[] => [
  { tier, kind: 'start' },
  { tier, kind: 'end' },
];

describe('tierOrderViolations', () => {
  it('accepts tiers that ran one after another, files of a tier overlapping each other', () => {
    const unitFiles: TierEvent[] = [
      { tier: 'unit', kind: 'start' },
      { tier: 'unit', kind: 'start' },
      { tier: 'unit', kind: 'end' },
      { tier: 'unit', kind: 'end' },
    ];
    expect(tierOrderViolations([...unitFiles, ...file('int'), ...file('int'), ...file('e2e')], order)).toEqual([]);
  });

  it('accepts a run without some tiers', () => {
    expect(tierOrderViolations([...file('unit'), ...file('e2e')], order)).toEqual([]);
  });

  it('names a later tier that started while an earlier one was still running', () => {
    const overlapping: TierEvent[] = [
      { tier: 'unit', kind: 'start' },
      { tier: 'int', kind: 'start' },
      { tier: 'unit', kind: 'end' },
      { tier: 'int', kind: 'end' },
    ];
    expect(tierOrderViolations(overlapping, order)).toEqual(['a int file started before the last unit file ended']);
  });

  it('names tiers that ran in the wrong order', () => {
    expect(tierOrderViolations([...file('e2e'), ...file('unit')], order)).toEqual(['a e2e file started before the last unit file ended']);
  });
});
