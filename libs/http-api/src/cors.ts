import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface CorsOptions {
  /** Exact origins (`https://app.willo.video`); `*` is refused, since answers carry credentials. */
  origins: readonly string[];
  /** Whether browsers may send cookies or HTTP auth; default false (the frontend sends a bearer token). */
  credentials?: boolean;
  /** How long a browser may cache a preflight; default 600 s. */
  maxAgeSeconds?: number;
}

/** Headers the frontend may read besides the CORS-safelisted ones. */
const exposed = ['ETag', 'Retry-After', 'X-Request-Id', 'Location', 'Allow'];

/**
 * CORS for the configured frontend origins only: a preflight from one of them is answered 204 with
 * the methods and headers the API uses; any other origin gets no `Access-Control-Allow-Origin`, so
 * its browser withholds the answer. Register it before authentication, so a preflight (which carries
 * no token) is answered.
 */
export function corsForOrigins(options: CorsOptions): MiddlewareHandler {
  const origins = [...options.origins];
  for (const origin of origins) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) throw new RangeError(`a CORS origin must be a scheme and host without a path, got "${origin}"`);
  }
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'If-Match', 'X-Request-Id'],
    exposeHeaders: exposed,
    credentials: options.credentials ?? false,
    maxAge: options.maxAgeSeconds ?? 600,
  });
}
