import { randomUUID } from 'node:crypto';
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { problemSchema, type NewMetadata } from '@srw/contracts';
import { issuesFromZod, ValidationError } from '@srw/errors';
import { problemContentType } from '@srw/runtime';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ConfigApiEnv } from './caller';
import type { Clock } from './ports';

const problemTitles: Record<number, string> = {
  400: 'Bad request: the failing fields are listed in `errors`',
  401: 'Missing, expired or invalid token',
  404: 'No such resource for the caller’s tenant',
  409: 'The integration’s state refuses the request',
  412: 'If-Match names an older revision: read the resource again',
  428: 'The resource exists: If-Match is required',
  429: 'Too many requests (see Retry-After)',
  502: 'connector-auth failed',
  503: 'A store or connector-auth is unavailable',
};

/** The problem+json answers a route documents, by status. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [400, 401, 429, 503, ...statuses].map((status) => [
      status,
      { description: problemTitles[status] ?? 'Problem', content: { [problemContentType]: { schema: problemSchema } } },
    ]),
  );
}

/** Every invalid input becomes a 400 problem+json naming the failing fields (the service's error handler answers it). */
const validationHook: Hook<unknown, ConfigApiEnv, string, unknown> = (result) => {
  if (!result.success) throw new ValidationError(`the request's ${result.target}`, issuesFromZod(result.error));
};

/** A resource's sub-app: OpenAPI routes that validate their input with the one hook. */
export const resourceApp = () => new OpenAPIHono<ConfigApiEnv>({ defaultHook: validationHook });

/**
 * Checks an answer against its documented schema before it leaves: a mismatch is our fault (a 500
 * logged with its trace id), never a silently wrong contract.
 */
export function checked<S extends z.ZodType>(schema: S, data: z.input<S>): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`config-api answered outside its contract: ${JSON.stringify(issuesFromZod(parsed.error))}`);
  return parsed.data;
}

/** A JSON body of a route's OpenAPI declaration. */
export const jsonContent = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

/**
 * A read-store page as a `{ items, nextCursor? }` body. The items are the stored views as they are:
 * `checked` strips what the documented schema does not name (search keys, positions).
 */
export function pageBody<T extends object>(page: { items: { data: T }[]; nextCursor?: string }): { items: T[]; nextCursor?: string } {
  return { items: page.items.map(({ data }) => data), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** The metadata of a command made from one request: the request id (from the platform's request-id middleware) correlates it. */
export function requestMetadata(c: Context, tenantId: string, clock: Clock): NewMetadata {
  const requestId = c.req.header('x-request-id');
  const correlationId = requestId && /^[\w.:-]{1,200}$/.test(requestId) ? requestId : randomUUID();
  return { tenantId, correlationId, causationId: correlationId, observedAt: new Date(clock.now()).toISOString() };
}
