import { unlimitedRateLimiter } from '@srw/http-kit';
import { SrHttp, type SrHttpDeps } from '../http/sr-http';
import { defaultSrSettings } from '../sr-settings';

/**
 * An SrHttp over a stubbed `fetch`, for unit specs of the API classes: no rate-limit waits, one
 * attempt, no sleeping. `overrides` change any dependency.
 */
export function stubSrHttp(fetch: typeof globalThis.fetch, overrides: Partial<SrHttpDeps> = {}): SrHttp {
  return new SrHttp({
    baseUrl: 'https://sr.test',
    auth: { accessToken: async () => 't', rejected: () => undefined },
    limiter: unlimitedRateLimiter,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    settings: defaultSrSettings,
    fetch,
    sleep: async () => undefined,
    random: () => 0,
    ...overrides,
  });
}
