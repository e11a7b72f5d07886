import { silentLogger, type Logger } from '@srw/observability';
import { problemNotFound, problemOnError } from '@srw/runtime';
import { Hono, type Env } from 'hono';

/** A Hono app answering errors and unknown routes as a service built by `createService` does: problem+json. */
export function problemApp<E extends Env = Env>(logger: Logger = silentLogger): Hono<E> {
  const app = new Hono<E>();
  app.onError(problemOnError(logger));
  app.notFound(problemNotFound);
  return app;
}

/** The problem+json body of `response`, checking its content type. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type');
  if (type !== 'application/problem+json') throw new Error(`expected application/problem+json, got ${type} (status ${response.status})`);
  return (await response.json()) as Record<string, unknown>;
}
