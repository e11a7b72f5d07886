import { UpstreamError } from '@srw/errors';

/** One page of a listing. Persist `nextCursor` after handling `items` to resume there later. */
export interface Page<T> {
  items: T[];
  /** The cursor that fetched this page (undefined for the first). */
  cursor: string | undefined;
  /** The cursor of the following page; undefined on the last page. */
  nextCursor: string | undefined;
  totalFound?: number;
}

/** Pages from `from` (or the start) until a page has no next cursor. */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  from?: string,
): AsyncGenerator<Page<T>, void, undefined> {
  let cursor = from;
  do {
    const page = await fetchPage(cursor);
    // A next cursor equal to the one just used would page forever. On an empty page it means "no
    // more for now" (a feed's tail): stop there, the cursor stays resumable. Otherwise SR would
    // repeat the same items: fail instead of looping.
    const repeated = page.nextCursor !== undefined && page.nextCursor === cursor;
    if (repeated && page.items.length > 0) {
      throw new UpstreamError('SR answered the page id it was asked for as the next one: paging makes no progress', 200);
    }
    yield page;
    if (repeated) return;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

/** The items of every page, in order. */
export async function* itemsOf<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.items;
}
