import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** SR's `ErrorResponse`: `{ errors: [{ code, message }], message }` (spec components.schemas.ErrorResponse). */
export function errorBody(code: string, message: string) {
  return { message, errors: [{ code, message }] };
}

export function srError(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json(errorBody(code, message), status);
}
