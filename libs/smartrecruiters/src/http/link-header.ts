/**
 * The URL of `rel="next"` in an RFC 8288 `Link` header, or undefined. A relative target is resolved
 * (only its query matters to callers), and `rel` may list several relation types.
 */
export function nextLink(header: string | null): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    const rel = match ? /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(match[2] as string) : null;
    const relations = rel ? (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/) : [];
    if (match && relations.includes('next')) {
      try {
        return new URL(match[1] as string, 'https://api.smartrecruiters.com');
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
