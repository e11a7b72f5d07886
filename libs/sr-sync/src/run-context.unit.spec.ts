import { createGate, eventually } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { prefetched } from './run-context';

/** Pages 0..count-1, each fetched only when asked for; `fetched` says how many were asked. */
function pageSource(count: number, failAt?: number) {
  const state = { fetched: 0 };
  async function* pages(): AsyncGenerator<number, void, undefined> {
    for (let page = 0; page < count; page++) {
      state.fetched++;
      await Promise.resolve();
      if (page === failAt) throw new Error(`page ${page} failed`);
      yield page;
    }
  }
  return { state, pages: pages() };
}

describe('prefetched', () => {
  it('holds at most `ahead` pages fetched beyond the one being handled, and hands every page over in order', async () => {
    const { state, pages } = pageSource(10);
    const handled: number[] = [];
    const slowHandler = createGate();
    const reading = (async () => {
      for await (const page of prefetched(pages, 3)) {
        handled.push(page);
        if (page === 0) await slowHandler.wait();
      }
    })();
    await slowHandler.reached;
    // Page 0 in hand, pages 1..3 asked for while it is handled; never page 4.
    await eventually(() => state.fetched === 4 || undefined, { what: 'three pages fetched ahead' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.fetched).toBe(4);
    slowHandler.open();
    await reading;
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(state.fetched).toBe(10);
  });

  it('throws a failed page where it is reached: the pages before it are handled first', async () => {
    const { pages } = pageSource(10, 2);
    const handled: number[] = [];
    await expect(
      (async () => {
        for await (const page of prefetched(pages, 4)) handled.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(handled).toEqual([0, 1]);
  });

  it('asks for no page beyond the last one', async () => {
    const { state, pages } = pageSource(2);
    const handled: number[] = [];
    for await (const page of prefetched(pages, 4)) handled.push(page);
    expect(handled).toEqual([0, 1]);
    expect(state.fetched).toBe(2);
  });
});
