import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problemAnswer } from './problem-answer';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Lets a request through only with `Authorization: Bearer <service token>`. Both sides are hashed
 * first, so the comparison is constant-time whatever the lengths; a refusal says nothing about why
 * beyond "missing" or "not valid".
 */
export function requireServiceToken(serviceToken: string): MiddlewareHandler {
  const expected = digest(serviceToken);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
      return problemAnswer(
        {
          status: 401,
          kind: 'unauthorized',
          detail: match ? 'The service token is not valid.' : 'This endpoint needs Authorization: Bearer <service token>.',
          instance: c.req.path,
        },
        { 'www-authenticate': 'Bearer realm="connector-auth"' },
      );
    }
    await next();
  };
}
