import { z } from '@hono/zod-openapi';
import { issuesFromZod, ValidationError } from '@srw/errors';
import { statusTitle } from '@srw/runtime';

/** RFC 9457 problem details as `problemFor` of `@srw/runtime` writes them, for OpenAPI documents. */
export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:srw:problem:validation' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** The failing fields of a 400. */
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    traceId: z.string().optional(),
  })
  .openapi('Problem');

type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } };

/**
 * The problem+json answers of an operation, for `createRoute({ responses: { 200: …, ...problemResponses(400, 401, 404, 429) } })`.
 * Every status an operation can answer must be documented, or the fuzzer's status-code check fails it:
 * 400 (bad input), 401 (token), 404 (another tenant's or no resource), 413 (body limit, on writes),
 * 429 (rate limit), plus the operation's own (409, 422 …).
 */
export function problemResponses(...statuses: number[]): Record<number, ProblemResponse> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: statusTitle(status), content: { 'application/problem+json': { schema: problemSchema } } }]),
  );
}

/**
 * `OpenAPIHono`'s `defaultHook`: input that fails its zod schema throws a `ValidationError`, which the
 * app's one error handler answers as a 400 problem naming every failing field.
 */
export function throwValidationProblem(result: { target: string; success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error) throw new ValidationError(`request ${result.target}`, issuesFromZod(result.error));
}
