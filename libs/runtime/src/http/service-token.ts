import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problemResponse, statusTitle } from './problem-details';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Lets a request to an internal endpoint through only with `Authorization: Bearer <service token>`
 * (ARCHITECTURE §9). Both sides are hashed first, so the comparison is constant-time whatever the
 * lengths; a refusal is a 401 problem+json that says nothing beyond "missing" or "not valid".
 * `realm` names the service in `WWW-Authenticate`.
 */
export function requireServiceToken(serviceToken: string, realm: string): MiddlewareHandler {
  const expected = digest(serviceToken);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
      return problemResponse(
        {
          type: 'urn:srw:problem:unauthorized',
          title: statusTitle(401),
          status: 401,
          detail: match ? 'The service token is not valid.' : 'This endpoint needs Authorization: Bearer <service token>.',
          instance: c.req.path,
        },
        { 'www-authenticate': `Bearer realm="${realm}"` },
      );
    }
    await next();
  };
}
