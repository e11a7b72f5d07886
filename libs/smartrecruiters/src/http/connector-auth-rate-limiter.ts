import { TransientError, UpstreamError } from '@srw/errors';
import { RemotePermitLimiter, type PermitExchange, type PermitExchangeAnswer } from '@srw/http-kit';
import { z } from 'zod';

export interface ConnectorAuthRateLimiterOptions {
  /** connector-auth's base URL (`CONNECTOR_AUTH_URL`). */
  baseUrl: string;
  /** Bearer of its internal endpoints (`INTERNAL_SERVICE_TOKEN`). */
  serviceToken: string;
  tenant: string;
  batchSize?: number;
  waitMs?: number;
  fetch?: typeof fetch;
}

const lane = z.enum(['default', 'candidate-listing']);
const permitId = z.string().min(1).max(100);

/**
 * The body of `POST /internal/sr-permits` (connector-auth validates with it; `tenant` is checked further
 * there). At most 8 permits in one exchange: SR allows no more calls in flight per credential.
 */
export const srPermitExchangeRequest = z.object({
  tenant: z.string().min(1),
  lane: lane.default('default'),
  want: z.number().int().min(0).max(8),
  /** Long poll: how long to wait for a permit when none is free. */
  waitMs: z.number().int().min(0).max(10_000).default(0),
  release: z.array(z.object({ id: permitId, used: z.boolean() })).max(64).default([]),
  renew: z.array(z.object({ id: permitId, lane })).max(64).default([]),
  /** The caller met a 429 (or SR said its window is spent): everyone waits this long. */
  pauseMs: z.number().int().min(0).max(60_000).optional(),
});

/** Its answer. */
export const srPermitExchangeAnswer = z.object({
  permits: z.array(z.object({ id: permitId, lane: z.string().min(1) })),
  renewed: z.array(z.string()),
  leaseMs: z.number().int().positive(),
});

/** Beyond the long poll, how long an exchange may take before it counts as failed. */
const exchangeTimeoutMarginMs = 10_000;

/**
 * `POST /internal/sr-permits` of connector-auth: one exchange with the tenant's SR budget, which
 * connector-auth keeps for every process that calls SR for the tenant.
 */
export function connectorAuthPermitExchange(options: Omit<ConnectorAuthRateLimiterOptions, 'tenant' | 'batchSize' | 'waitMs'>): (request: PermitExchange) => Promise<PermitExchangeAnswer> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return async ({ key, ...request }) => {
    let response: Response;
    try {
      response = await fetchImpl(new URL('/internal/sr-permits', options.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${options.serviceToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ tenant: key, ...request }),
        signal: AbortSignal.timeout(request.waitMs + exchangeTimeoutMarginMs),
      });
    } catch (error) {
      throw new TransientError(`connector-auth unreachable for SR permits: ${(error as Error).message}`, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (response.ok) {
      const answer = srPermitExchangeAnswer.safeParse(body);
      if (answer.success) return answer.data;
    }
    const detail = `connector-auth answered ${response.status} for SR permits of tenant ${key}`;
    if (response.status >= 500 || response.ok) throw new TransientError(detail);
    throw new UpstreamError(detail, response.status, body, { retryable: false });
  };
}

/**
 * The SR rate budget of one tenant in distributed mode: permits leased from connector-auth, shared by
 * every process that calls SR for the tenant (sr-poller, response-writeback). All-in-one keeps the
 * in-process limiter.
 */
export function connectorAuthRateLimiter(options: ConnectorAuthRateLimiterOptions): RemotePermitLimiter {
  return new RemotePermitLimiter({
    exchange: connectorAuthPermitExchange(options),
    key: options.tenant,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
  });
}
