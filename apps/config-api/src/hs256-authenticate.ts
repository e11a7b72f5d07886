import { problemContentType } from '@srw/runtime';
import { errors, jwtVerify } from 'jose';
import type { MiddlewareHandler } from 'hono';
import type { ConfigApiEnv } from './caller';

export interface Hs256Settings {
  secret: string;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Claims naming the tenant and the user. */
  tenantClaim?: string;
}

const unauthorized = (instance: string, detail: string) =>
  new Response(JSON.stringify({ type: 'urn:srw:problem:unauthorized', title: 'Unauthorized', status: 401, detail, instance }), {
    status: 401,
    headers: { 'content-type': problemContentType, 'www-authenticate': 'Bearer realm="config-api"' },
  });

/**
 * A minimal JWT check (HS256 only, issuer, audience, expiry with bounded skew) that sets
 * `c.var.caller` from the `tenant_id` and `sub` claims. A placeholder for the platform library's
 * middleware (`@srw/http-api`, JWKS too), which replaces it through `authenticate`.
 */
export function hs256Authenticate({ secret, issuer, audience, clockToleranceSeconds, tenantClaim = 'tenant_id' }: Hs256Settings): MiddlewareHandler<ConfigApiEnv> {
  const key = new TextEncoder().encode(secret);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) return unauthorized(c.req.path, 'This endpoint needs Authorization: Bearer <token>.');
    try {
      const { payload } = await jwtVerify(match[1]!, key, { algorithms: ['HS256'], issuer, audience, clockTolerance: clockToleranceSeconds, requiredClaims: ['exp', 'sub'] });
      const tenantId = payload[tenantClaim];
      if (typeof tenantId !== 'string' || tenantId.length === 0 || typeof payload.sub !== 'string') {
        return unauthorized(c.req.path, `The token names no tenant (${tenantClaim}) or user (sub).`);
      }
      c.set('caller', { tenantId, userId: payload.sub });
    } catch (error) {
      if (error instanceof errors.JOSEError) return unauthorized(c.req.path, 'The token is not valid.');
      throw error;
    }
    await next();
  };
}
