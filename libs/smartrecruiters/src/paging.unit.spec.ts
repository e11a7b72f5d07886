import { UpstreamError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { itemsOf, type Page, paginate } from './paging';

describe('paginate', () => {
  it('follows next cursors from a given one until the last page', async () => {
    const pages: Record<string, Page<number>> = {
      a: { items: [1], cursor: 'a', nextCursor: 'b' },
      b: { items: [2], cursor: 'b', nextCursor: undefined },
    };
    const items = [];
    for await (const item of itemsOf(paginate(async (cursor) => pages[cursor ?? 'a'] as Page<number>, 'a'))) items.push(item);
    expect(items).toEqual([1, 2]);
  });

  it('fails instead of looping forever when SR hands back the cursor it was given', async () => {
    let calls = 0;
    const stuck = paginate<number>(async (cursor) => {
      calls++;
      return { items: [calls], cursor, nextCursor: 'same' };
    });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const item of itemsOf(stuck)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(calls).toBe(2);
    expect(seen).toEqual([1]);
  });

  it('ends at an empty page that hands back its own cursor (the tail of a feed), keeping it resumable', async () => {
    let calls = 0;
    const pages = [];
    for await (const page of paginate<number>(async (cursor) => {
      calls++;
      return cursor === undefined ? { items: [1], cursor, nextCursor: 'tail' } : { items: [], cursor, nextCursor: 'tail' };
    })) pages.push(page);
    expect(calls).toBe(2);
    expect(pages.at(-1)?.nextCursor).toBe('tail');
  });
});
