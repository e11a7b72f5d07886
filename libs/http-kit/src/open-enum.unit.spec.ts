import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { isKnown, openEnum, type OpenEnum } from './open-enum';

describe('openEnum', () => {
  const color = openEnum(['RED', 'GREEN']);

  it('keeps known values and any other string as sent, typed as an open enum', () => {
    expect(color.parse('RED')).toBe('RED');
    expect(color.parse('ULTRAVIOLET')).toBe('ULTRAVIOLET');
    expectTypeOf(color.parse('RED')).toEqualTypeOf<OpenEnum<'RED' | 'GREEN'>>();
  });

  it('still refuses a value that is not a string, naming the field', () => {
    const result = z.object({ color }).safeParse({ color: 7 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['color']);
  });
});

describe('isKnown', () => {
  it('narrows an open value to the known ones', () => {
    const known = ['RED', 'GREEN'] as const;
    expect(isKnown(known, 'RED')).toBe(true);
    expect(isKnown(known, 'ULTRAVIOLET')).toBe(false);
    expect(isKnown(known, undefined)).toBe(false);
    const value: string = 'GREEN';
    if (isKnown(known, value)) expectTypeOf(value).toEqualTypeOf<'RED' | 'GREEN'>();
  });
});
