import { parseWith, ValidationError } from '@srw/errors';
import type { Context } from 'hono';
import type { z } from 'zod';

/**
 * The request's JSON body parsed by `schema`. Bad JSON and a body that does not match are both a
 * `ValidationError` (a 400 naming the fields), never the raw `SyntaxError` that would answer 500.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, subject = 'request body'): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(subject, [{ path: '', message: 'is not JSON' }], { cause: error });
  }
  return parseWith(schema, value, subject);
}
