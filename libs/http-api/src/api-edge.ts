import { Hono, type Env } from 'hono';
import { limitBody, type BodyLimitOptions } from './body-limit';
import { corsForOrigins, type CorsOptions } from './cors';
import { jsonEtag } from './json-etag';
import { requestId } from './request-id';
import { problemMethodNotAllowed } from './unknown-routes';

export interface ApiEdgeOptions {
  cors: CorsOptions;
  bodyLimit: BodyLimitOptions;
}

/**
 * Wraps an API in the middleware every request passes before its routes, in the order that works:
 * the request id first (so every answer, errors and preflights included, carries it), CORS (a
 * preflight carries no token, so it is answered before authentication), 405 for a known path with
 * another method, the body limit, and the ETag of GET answers. Authentication and the per-tenant rate
 * limit stay with the API's routes (they need `c.var.caller`). Mount the result where the API was
 * mounted; errors reach the parent's `onError`, as they did.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app, whatever its env and routes' types
export function withApiEdge<E extends Env>(api: Hono<E, any, any>, options: ApiEdgeOptions): Hono<E> {
  const edge = new Hono<E>();
  edge.use(requestId());
  edge.use(corsForOrigins(options.cors));
  // Reads the routes at the first 404, so the API mounted below is known by then.
  edge.use(problemMethodNotAllowed(edge));
  edge.use(limitBody(options.bodyLimit));
  edge.use(jsonEtag());
  edge.route('/', api);
  return edge;
}
