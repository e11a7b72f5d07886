/** The URL of `rel="next"` in an RFC 8288 `Link` header, or undefined. */
export function nextLink(header: string | null): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /rel="?next"?/.test(match[2] as string)) {
      try {
        return new URL(match[1] as string);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The cursor carried by the next link, under whichever name the API uses (`pageId`, `page_id`). */
export function nextCursorFromLink(header: string | null, param: string): string | undefined {
  return nextLink(header)?.searchParams.get(param) ?? undefined;
}
