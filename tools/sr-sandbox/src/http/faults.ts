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
  /** Share of webhook events delivered twice (the same event-id, as SR's at-least-once delivery may). */
  duplicateWebhookRate?: number;
  /** Share of webhook deliveries held back a random while (up to `webhookDelayMs`), so later events overtake them. */
  delayWebhookRate?: number;
  webhookDelayMs?: number;
}

/** How many faults were injected so far, by kind: what a fault test reports. */
export interface InjectedFaults {
  tooManyRequests: number;
  serverErrors: number;
  droppedWebhooks: number;
  duplicatedWebhooks: number;
  delayedWebhooks: number;
}

export const noInjectedFaults = (): InjectedFaults => ({ tooManyRequests: 0, serverErrors: 0, droppedWebhooks: 0, duplicatedWebhooks: 0, delayedWebhooks: 0 });

/** Applies the current error faults before the request reaches auth or the handler (they use no budget). */
export function injectFaults(settings: () => FaultSettings, random: () => Random, injected: InjectedFaults = noInjectedFaults()): MiddlewareHandler {
  return async (c, next) => {
    const faults = settings();
    if (faults.tooManyRequestsRate && random().next() < faults.tooManyRequestsRate) {
      injected.tooManyRequests += 1;
      return c.json(errorBody('TOO_MANY_REQUESTS', 'Rate limit exceeded (injected fault)'), 429);
    }
    if (faults.serverErrorRate && random().next() < faults.serverErrorRate) {
      injected.serverErrors += 1;
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
