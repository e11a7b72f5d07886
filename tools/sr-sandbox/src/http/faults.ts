import type { MiddlewareHandler } from 'hono';
import type { Random } from '../random';
import { errorBody } from './error-body';

/** Faults injected into API answers and webhook deliveries, each at a rate between 0 and 1. */
export interface FaultSettings {
  serverErrorRate?: number;
  tooManyRequestsRate?: number;
  latencyRate?: number;
  latencyMs?: number;
  dropWebhookRate?: number;
}

/** Applies the current error faults before the request reaches auth or the handler (they use no budget). */
export function injectFaults(settings: () => FaultSettings, random: () => Random): MiddlewareHandler {
  return async (c, next) => {
    const faults = settings();
    if (faults.tooManyRequestsRate && random().next() < faults.tooManyRequestsRate) {
      return c.json(errorBody('TOO_MANY_REQUESTS', 'Rate limit exceeded (injected fault)'), 429);
    }
    if (faults.serverErrorRate && random().next() < faults.serverErrorRate) {
      return c.json(errorBody('INTERNAL_ERROR', 'Unexpected error (injected fault)'), 503);
    }
    await next();
  };
}

/**
 * Slows admitted requests down. It runs after the rate limit, so a slow request holds one of the
 * credential's concurrent slots as it would at SR.
 */
export function injectLatency(settings: () => FaultSettings, random: () => Random): MiddlewareHandler {
  return async (_c, next) => {
    const faults = settings();
    if (faults.latencyRate && random().next() < faults.latencyRate) {
      await new Promise((resolve) => setTimeout(resolve, faults.latencyMs ?? 1000));
    }
    await next();
  };
}
