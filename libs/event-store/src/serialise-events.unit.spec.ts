import { ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { serialiseEvents } from './serialise-events';

const base = { id: '00000000-0000-4000-8000-000000000001', type: 'Happened', data: { a: 1 }, metadata: { tenantId: 't' } };

describe('serialiseEvents', () => {
  it('gives each event its data and metadata as JSON text', () => {
    expect(serialiseEvents('s-1', [base])).toEqual([{ id: base.id, type: 'Happened', data: '{"a":1}', metadata: '{"tenantId":"t"}' }]);
  });

  it('refuses every value that has no JSON form, naming each, in one ValidationError', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    let thrown: unknown;
    try {
      serialiseEvents('s-1', [
        { ...base, data: { n: 1n } },
        { ...base, metadata: cycle },
        { ...base, data: undefined },
        { ...base, metadata: ['not', 'an', 'object'] as never },
        base,
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues.map((i) => i.path)).toEqual(['0.data', '1.metadata', '2.data', '3.metadata']);
    expect((thrown as ValidationError).message).toMatch(/^append to s-1 is invalid: 0\.data: cannot be stored as JSON: .*BigInt/);
  });
});
