import type { Env, Hono, MiddlewareHandler } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { problemException } from './problem-exception';

/**
 * A 405 problem with `Allow` for a known path asked with a method it does not have (hono's
 * `methodNotAllowed`, which also works when `app` is mounted under a prefix); a path no route has
 * stays a 404 for the app's `notFound` (`problemNotFound` of `@srw/runtime`). Register it with
 * `app.use()` on `app` itself, before the routes; it reads `app.routes` at the first 404.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app, whatever its routes' types
export function problemMethodNotAllowed<E extends Env>(app: Hono<E, any, any>): MiddlewareHandler<E> {
  return methodNotAllowed<E>({
    app,
    onMethodNotAllowed: (c, methods) => {
      throw problemException(405, `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(', ')}`, { allow: methods.join(', ') });
    },
  });
}
