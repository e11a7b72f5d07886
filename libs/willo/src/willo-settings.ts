import type { RateLimits } from '@srw/http-kit';

/**
 * Every value of Willo's Integration API V2 that the client depends on, in one place. Marks:
 * [REF] from Willo's Postman reference, [DOCS] from Willo's support pages, ASSUMED where nothing
 * confirms it (verify on staging; `libs/willo/README.md` lists them). Field names live in
 * `willo-wire.ts`, the other half of this one place.
 */

/** [REF] The two hosts. Every path ends in `/`. */
export const willoBaseUrls = {
  production: 'https://api.willotalent.com/api/integrations/v2',
  staging: 'https://api.stage.willotalent.com/api/integrations/v2',
} as const;
export type WilloEnvironment = keyof typeof willoBaseUrls;

/**
 * [REF] The key goes in `Authorization`. ASSUMED: as the raw key (the reference's collections send it
 * so); a support article shows `Bearer`, so the prefix is a setting.
 */
export type WilloAuthScheme = 'raw' | 'Bearer' | 'Token';
export const defaultAuthScheme: WilloAuthScheme = 'raw';

/**
 * [DOCS] Default quotas per organisation, shared by API V1, V2 and Zapier. `marginMs` widens our
 * windows so that network jitter between our clock and Willo's cannot push a burst over (ours).
 */
export const willoRateLimits = { perSecond: 10, perMinute: 100, perDay: 50_000, marginMs: 250 } satisfies RateLimits;

/**
 * [DOCS] An exceeded quota answers 403 or 429 "with a message that the quota was exceeded". ASSUMED:
 * a 403 is a quota answer only when its `detail` matches this; any other 403 is a permission error.
 */
export const throttledDetailPattern = /throttl|quota|rate.?limit|too many requests/i;

/** Our retry policy (not Willo's): bounded, exponential with full jitter, `Retry-After` honoured. */
export const defaultRetrySettings = {
  /** Retries of a throttled call (the call was refused, so repeating it is safe for every method). */
  throttledRetries: 5,
  /** Retries of an idempotent call (GET, PUT, PATCH, DELETE) after a 5xx, a timeout or a network error. */
  transientRetries: 3,
  /** Attempts of `inviteOnce` (each one looks the participant up before posting). */
  inviteAttempts: 4,
  /**
   * After an invite POST that got no answer at all (our timeout, a reset), Willo may still be working on
   * it: `inviteOnce` waits at least this long before its lookup, so that the lookup can see the invite.
   * A heuristic (the request already outlived `requestTimeoutMs`), not a guarantee.
   */
  inviteSettleMs: 15_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  /** A throttled call whose wait would be longer than this fails at once (the caller reschedules). */
  maxThrottleWaitMs: 60_000,
  requestTimeoutMs: 15_000,
};
export type WilloRetrySettings = typeof defaultRetrySettings;

/** ASSUMED (DRF style): pages by `?page=`/`?page_size=`, answered with `next`; we follow `next`. */
export const paging = { pageSizeParam: 'page_size', pageSize: 100, maxPages: 1_000 };

/**
 * ASSUMED: participants filter by `?interview=` and `?email=`. Undocumented, so the client sends them as
 * hints and filters the answer itself: a server that ignores them costs pages, never correctness.
 */
export const participantFilterParams = { interview: 'interview', email: 'email' };

/**
 * ASSUMED webhook signing, since the reference documents none: `X-Willo-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed by the webhook's secret, and one id per delivery.
 * If Willo signs nothing, fall back to an unguessable token in `target_url` (see README).
 */
export const webhookSigning = {
  signatureHeader: 'x-willo-signature',
  deliveryHeader: 'x-willo-delivery',
  /** Deliveries older (or newer) than this are refused as replays. */
  toleranceSeconds: 300,
};

/** Keys we put in the participant's (ASSUMED) `metadata` so a response leads back to SR. */
export const metadataKeys = {
  idempotencyKey: 'srw_invite_id',
} as const;
