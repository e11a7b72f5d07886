import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A refusal for the app's one error handler (`problemOnError` of `@srw/runtime`) to answer as
 * problem+json: `detail` becomes the problem's detail, `headers` (a 401's `WWW-Authenticate`, a
 * 405's `Allow`) travel with it. Thrown rather than answered here, so that every refusal is shaped,
 * logged and traced in that one place.
 */
export function problemException(status: ContentfulStatusCode, detail: string, headers: Record<string, string> = {}): HTTPException {
  return new HTTPException(status, { message: detail, res: new Response(null, { status, headers }) });
}
