import { withLogFields } from '@srw/observability';
import type { MiddlewareHandler } from 'hono';

/** What an incoming `X-Request-Id` may look like to be kept: short, and nothing a log line or a header could be confused by. */
const wellFormed = /^[A-Za-z0-9._:=-]{1,128}$/;

export interface RequestIdVariables {
  requestId: string;
}

export interface RequestIdOptions {
  /** Makes a new id when the request brought none (or a malformed one); default `crypto.randomUUID()`. */
  generate?: () => string;
}

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is well formed (a proxy's or the
 * frontend's, so one id follows the request across hops), a new UUID otherwise. The id is answered in
 * `X-Request-Id` (on errors too), set as `c.var.requestId`, and added to every log line written while
 * the request is handled (`withLogFields` of `@srw/observability`). Register it first, so that it
 * wraps every other middleware and the error handler.
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming !== undefined && wellFormed.test(incoming) ? incoming : generate();
    c.set('requestId', id);
    await withLogFields({ requestId: id }, next);
    c.res.headers.set('x-request-id', id);
  };
}
