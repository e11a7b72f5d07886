import { AuthorizationLostError, ForbiddenError, UpstreamError, ValidationError } from '@srw/errors';
import { createWilloClient, type WilloClientOptions } from '@srw/willo';
import type { WilloKeyCheck } from './ports';

export interface WilloKeyCheckOptions {
  /** Willo's API (the sandbox's `apiBaseUrl`, staging); unset: production. */
  baseUrl?: string | undefined;
  rateLimits?: WilloClientOptions['rateLimits'];
  fetch?: typeof fetch;
}

/**
 * Asks Willo about a key with the key itself (`verifyKey` of the Willo client: one `GET /interviews/`
 * of one item). An admin waits on the answer, so nothing is retried and the wait is short: Willo busy
 * or away is the caller's to retry (a 503 with `Retry-After`), never a long-held request.
 */
export function willoKeyCheck({ baseUrl, rateLimits, fetch }: WilloKeyCheckOptions = {}): WilloKeyCheck {
  return async (apiKey) => {
    // Outside the try: a key fetch could not even send (a space or line break inside) is bad input, a
    // `ValidationError` naming `apiKey` (the route's 400), thrown before any call.
    const client = createWilloClient({
      apiKey,
      ...(baseUrl ? { baseUrl } : {}),
      ...(rateLimits ? { rateLimits } : {}),
      ...(fetch ? { fetch } : {}),
      retry: { throttledRetries: 0, transientRetries: 0, requestTimeoutMs: 10_000 },
    });
    try {
      await client.verifyKey();
      return 'accepted';
    } catch (error) {
      // 401: no such key; 403 without "quota": the key's user may not read interviews. A 403 quota answer is a RateLimitedError.
      if (error instanceof AuthorizationLostError || error instanceof ForbiddenError) return 'refused';
      // An answer we cannot read is Willo's fault, never the caller's input.
      if (error instanceof ValidationError) throw new UpstreamError('Willo answered GET /interviews/ in a shape we do not read', 200, undefined, { cause: error });
      throw error;
    }
  };
}
