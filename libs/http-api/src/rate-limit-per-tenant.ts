import { RateLimitedError } from '@srw/errors';
import type { MiddlewareHandler } from 'hono';
import type { CallerEnv } from './caller';
import { TokenBuckets, type TokenBucketLimits } from './token-buckets';

export interface RateLimitPerTenantOptions extends TokenBucketLimits {
  /** Epoch milliseconds; injected by tests. */
  now?: () => number;
}

/**
 * Per-tenant request rate: a token bucket keyed by `c.var.caller.tenantId` (so it runs after
 * `authenticateJwt`), `burst` requests at once and `perSecond` sustained. Over it, a 429 problem with
 * `Retry-After` in whole seconds (via `RateLimitedError` and the app's error handler).
 *
 * The buckets live in this process: with N replicas behind a load balancer a tenant may make up to N
 * times the rate, and a replica that restarts starts its buckets full. That is enough to keep one
 * tenant from starving the others on a replica, which is what it is for; a hard quota across replicas
 * would need a shared store (Redis, or the gateway in front).
 */
export function rateLimitPerTenant(options: RateLimitPerTenantOptions): MiddlewareHandler<CallerEnv> {
  const buckets = new TokenBuckets({ burst: options.burst, perSecond: options.perSecond }, options.now);
  return async (c, next) => {
    const caller = c.get('caller') as CallerEnv['Variables']['caller'] | undefined;
    if (!caller) throw new Error('rateLimitPerTenant runs after the authentication middleware: c.var.caller is not set');
    const admission = buckets.take(caller.tenantId);
    if (!admission.allowed) throw new RateLimitedError('too many requests for this tenant; retry after the time given in Retry-After', admission.retryAfterMs);
    await next();
  };
}
