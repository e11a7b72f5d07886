import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const isJson = (contentType: string | null) => contentType !== null && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType);

/** RFC 9110 §13.1.2: `If-None-Match` compares weakly, so `W/"x"` matches `"x"`; `*` matches any. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === opaque);
}

/** Representation headers a 304 must not carry (RFC 9110 §15.4.5): the rest (ETag, Vary, CORS, request id) stays. */
const bodyHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/**
 * A strong ETag (SHA-256 of the body, base64url) on every 200 JSON answer to GET and HEAD, and a 304
 * without a body when `If-None-Match` names it, so a frontend polling a list pays only for changes.
 * An ETag the route set itself is kept. Answers that carry no `Cache-Control` get `private, no-cache`:
 * they belong to one tenant, and a browser must revalidate before reusing one.
 */
export function jsonEtag(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.res.status !== 200 || !isJson(c.res.headers.get('content-type'))) return;
    let etag = c.res.headers.get('etag');
    if (etag === null) {
      const body = new Uint8Array(await c.res.clone().arrayBuffer());
      etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      c.res.headers.set('etag', etag);
    }
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'private, no-cache');
    if (!matches(c.req.header('if-none-match'), etag)) return;
    await c.res.body?.cancel();
    const headers = new Headers(c.res.headers);
    for (const name of bodyHeaders) headers.delete(name);
    // Set through `c.res = undefined` first: hono copies the old answer's headers onto a new one otherwise.
    c.res = undefined;
    c.res = new Response(null, { status: 304, headers });
  };
}
