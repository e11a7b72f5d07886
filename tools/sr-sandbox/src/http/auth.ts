import type { MiddlewareHandler } from 'hono';
import type { GrantRegistry } from '../oauth/grants';
import { errorBody } from './error-body';
import type { SandboxEnv } from './sandbox-env';

/** Bearer-token check for every API route: a missing, expired or revoked token gets a 401. */
export function bearerAuth(grants: GrantRegistry): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    const result = match ? grants.authenticate(match[1] as string) : { problem: 'missing bearer token' };
    if ('problem' in result) {
      c.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${result.problem}"`);
      return c.json(errorBody('UNAUTHORIZED', result.problem), 401);
    }
    c.set('grant', result.grant);
    await next();
  };
}

/**
 * Scope check per endpoint. Each inner array is one way to be allowed (all of its scopes needed),
 * e.g. `[['webhooks_read'], ['webhooks_manage']]`. SR answers a missing scope with an
 * OAuthPermissionsException; the exact body is unconfirmed, so it is an ErrorResponse here.
 */
export function requireScopes(...alternatives: string[][]): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const granted = new Set(c.get('grant').scopes);
    if (!alternatives.some((needed) => needed.every((s) => granted.has(s)))) {
      const wanted = alternatives.map((a) => a.join('+')).join(' or ');
      return c.json(errorBody('PERMISSION_DENIED', `OAuthPermissionsException: scope ${wanted} required`), 403);
    }
    await next();
  };
}
