/**
 * Opaque page ids. Each encodes the last id of the previous page, so a page id stays valid while
 * records are added (as a cursor should) and a forged one is rejected with INVALID_PAGE_ID.
 */
export function encodePageId(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodePageId(pageId: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(pageId, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' ? parsed.after : undefined;
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
