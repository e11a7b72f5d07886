import type { MiddlewareHandler } from 'hono';
import { errorBody } from './error-body';
import type { SandboxEnv } from './sandbox-env';

export interface RateLimitSettings {
  /** Requests per rolling second per credential (SR: 10). */
  perSecond: number;
  /** In-flight requests per credential (SR: 8). */
  concurrent: number;
  /** In-flight `GET /candidates` per credential (SR: 1). */
  candidatesListConcurrent: number;
  /** SR documents no Retry-After; off by default, on to test clients that honour it. */
  retryAfterSeconds?: number;
}

interface Budget {
  recent: number[];
  inFlight: number;
  candidatesInFlight: number;
}

/**
 * SR's limits per credential (the OAuth grant): a rolling one-second window, a concurrency cap and
 * one `GET /candidates` at a time. Every answer carries the `X-RateLimit-*` headers; a request over
 * a limit is answered 429 and does not count. Uses real time, not the sandbox clock.
 */
export function rateLimit(settings: () => RateLimitSettings | false, counters: { rateLimited: number }): MiddlewareHandler<SandboxEnv> {
  const budgets = new Map<string, Budget>();
  return async (c, next) => {
    const limits = settings();
    if (!limits) return next();
    const key = c.get('grant').id;
    let budget = budgets.get(key);
    if (!budget) budgets.set(key, (budget = { recent: [], inFlight: 0, candidatesInFlight: 0 }));
    const now = performance.now();
    while (budget.recent.length > 0 && (budget.recent[0] as number) <= now - 1000) budget.recent.shift();
    const isCandidatesList = c.req.method === 'GET' && /\/candidates\/?$/.test(c.req.path);
    const headers = (remaining: number, concurrentRemaining: number) => {
      c.header('X-RateLimit-Limit', String(limits.perSecond));
      c.header('X-RateLimit-Remaining', String(Math.max(remaining, 0)));
      c.header('X-RateLimit-Concurrent-Limit', String(limits.concurrent));
      c.header('X-RateLimit-Concurrent-Remaining', String(Math.max(concurrentRemaining, 0)));
    };
    const overRate = budget.recent.length >= limits.perSecond;
    const overConcurrency =
      budget.inFlight >= limits.concurrent || (isCandidatesList && budget.candidatesInFlight >= limits.candidatesListConcurrent);
    if (overRate || overConcurrency) {
      headers(limits.perSecond - budget.recent.length, limits.concurrent - budget.inFlight);
      if (limits.retryAfterSeconds !== undefined) c.header('Retry-After', String(limits.retryAfterSeconds));
      counters.rateLimited++;
      const what = overRate ? `more than ${limits.perSecond} requests per second` : 'too many concurrent requests';
      return c.json(errorBody('TOO_MANY_REQUESTS', `Rate limit exceeded: ${what}`), 429);
    }
    budget.recent.push(now);
    budget.inFlight++;
    if (isCandidatesList) budget.candidatesInFlight++;
    headers(limits.perSecond - budget.recent.length, limits.concurrent - budget.inFlight);
    try {
      await next();
    } finally {
      budget.inFlight--;
      if (isCandidatesList) budget.candidatesInFlight--;
    }
  };
}
