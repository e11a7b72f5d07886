import { createHash } from 'node:crypto';

/** Query parameters that move through a listing rather than choose it. */
const pagingParameters = new Set(['pageId', 'nextPageId', 'page_id', 'limit', 'offset']);

/**
 * What a page id is valid for: the listing's path and its filters (every query parameter but the
 * paging ones, in any order). SR documents INVALID_PAGE_ID for "pageId is incorrect"; a cursor of
 * another listing, or of the same listing with other filters, is incorrect there (README).
 */
export function listingOf(url: string): string {
  const { pathname, searchParams } = new URL(url);
  const filters = [...searchParams]
    .filter(([name]) => !pagingParameters.has(name))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort();
  return createHash('sha256').update(`${pathname}?${filters.join('&')}`).digest('base64url').slice(0, 16);
}

/**
 * Opaque page ids. Each encodes its listing and the position after the previous page (the last id,
 * or an index in an append-only log), so a page id stays valid while records are added (as a cursor
 * should) and a forged or foreign one is rejected with INVALID_PAGE_ID.
 */
export function encodePageId(listing: string, after: string): string {
  return Buffer.from(JSON.stringify({ listing, after })).toString('base64url');
}

/** The position a page id continues from, or undefined when it is forged or of another listing. */
export function decodePageId(pageId: string, listing: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(pageId, 'base64url').toString('utf8')) as { listing?: unknown; after?: unknown };
    return parsed.listing === listing && typeof parsed.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the first id strictly greater than `after` in an ascending array. */
export function indexAfter(sortedIds: readonly string[], after: string): number {
  let lo = 0;
  let hi = sortedIds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sortedIds[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parses an integer query parameter within bounds; undefined when absent, NaN when invalid. */
export function intParam(raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : Number.NaN;
}

/** Parses an SR date filter; NaN when invalid. */
export function dateParam(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  return Date.parse(raw);
}
