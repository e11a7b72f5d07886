import { z } from 'zod';
import { willoRateLimits } from './willo-settings';

/**
 * The Willo client settings an app reads from its environment: the organisation's quotas, Willo's
 * documented defaults (10 a second, 100 a minute) unless Willo grants more; tests against the sandbox
 * with its limits lifted raise them.
 */
export const willoClientEnv = {
  WILLO_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(willoRateLimits.perSecond),
  WILLO_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(willoRateLimits.perMinute),
};

/**
 * `WILLO_API_KEY`: the deployment's fallback organisation, for tenants without a key of their own
 * (config-api's `PUT /v1/willo-credentials`). Optional: unset, such a tenant gets no invite
 * (`InviteFailed` `willo_credentials_missing`) until it saves one. Empty counts as unset (compose's
 * `${WILLO_API_KEY:-}`).
 */
export const fallbackWilloApiKey = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional());

/** The `rateLimits` option of `createWilloClient` those settings give. */
export const willoRateLimitsOf = (config: { WILLO_REQUESTS_PER_SECOND: number; WILLO_REQUESTS_PER_MINUTE: number }) => ({
  perSecond: config.WILLO_REQUESTS_PER_SECOND,
  perMinute: config.WILLO_REQUESTS_PER_MINUTE,
});
