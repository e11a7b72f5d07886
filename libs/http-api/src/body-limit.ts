import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemException } from './problem-exception';

export interface BodyLimitOptions {
  maxBytes: number;
}

/**
 * Refuses a request body over `maxBytes` with a 413 problem: at once from its `Content-Length`, and
 * while reading a chunked body that has none (it stops reading at the limit, so a client cannot make
 * us buffer more). Register it before any middleware that reads the body.
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler {
  const { maxBytes } = options;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be a positive integer, got ${maxBytes}`);
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw problemException(413, `the request body is larger than ${maxBytes} bytes`);
    },
  });
}
