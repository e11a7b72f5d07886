import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { NewMetadata } from '@srw/contracts';
import { issuesFromZod } from '@srw/errors';
import { problemResponses, throwValidationProblem, type RequestIdVariables } from '@srw/http-api';
import { problemResponse, type ProblemDetails } from '@srw/runtime';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ConfigApiEnv } from './caller';
import type { Clock } from './ports';

/**
 * The problem+json answers of an operation, besides its own: every route may answer 400 (bad input),
 * 401 (token), 429 (the tenant's rate) and 503 (a store or connector-auth unavailable); a route with a
 * request body adds 413 (over the body limit). The fuzzer checks that nothing else is ever answered.
 */
export const problemsOf = (...statuses: number[]) => problemResponses(400, 401, 429, 503, ...statuses);

/** A resource's sub-app: OpenAPI routes whose invalid input is a 400 naming the failing fields (the service's error handler answers it). */
export const resourceApp = () => new OpenAPIHono<ConfigApiEnv>({ defaultHook: throwValidationProblem });

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

/** The metadata of a command made from one request: the request id (set by `requestId` of `@srw/http-api`) correlates it. */
export function requestMetadata(c: Context, tenantId: string, clock: Clock): NewMetadata {
  const requestId = (c as Context<{ Variables: Partial<RequestIdVariables> }>).get('requestId');
  const correlationId = requestId && /^[\w.:=-]{1,200}$/.test(requestId) ? requestId : randomUUID();
  return { tenantId, correlationId, causationId: correlationId, observedAt: new Date(clock.now()).toISOString() };
}

/**
 * A problem+json answer of the route's own, whose type and title say more than its status (the error
 * handler's are generic). Typed `never` for the typed routes: the status must be in the route's
 * `problemsOf`, which the fuzzer checks against what is answered.
 */
export function routeProblem(c: Context, problem: Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail'>, headers: Record<string, string> = {}): never {
  return problemResponse({ ...problem, instance: c.req.path }, headers) as never;
}
