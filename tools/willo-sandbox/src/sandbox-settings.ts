/**
 * The sandbox's own reading of Willo's wire format. It is deliberately NOT imported from `@srw/willo`:
 * the client and the sandbox are written separately from the reference so that a misreading in one is
 * caught by the other instead of cancelling out. Every value here that the reference does not confirm
 * is marked ASSUMED (see `libs/willo/README.md` for the matching list on the client side).
 */
export const sandboxWire = {
  /** [REF] Both hosts serve the API under this path; every path ends in `/`. */
  apiRoot: '/api/integrations/v2',
  /** [REF] The key travels in `Authorization`. ASSUMED: the raw key, no `Bearer`/`Token` prefix. */
  authHeader: 'authorization',
  /** ASSUMED (DRF style): `?page=` and `?page_size=`, answered with `count`/`next`/`previous`. */
  pageParam: 'page',
  pageSizeParam: 'page_size',
  defaultPageSize: 50,
  maxPageSize: 100,
  /** ASSUMED: participants may be filtered by `?interview=` and `?email=` (django-filter style). */
  participantFilters: ['interview', 'email'] as const,
  /** ASSUMED: an HMAC-SHA256 of `<timestamp>.<raw body>` keyed by the webhook's secret. */
  signatureHeader: 'x-willo-signature',
  /** ASSUMED: one id per delivery, repeated on each retry, so receivers can drop duplicates. */
  deliveryHeader: 'x-willo-delivery',
  /** [DOCS] Default per-organisation quotas. */
  rateLimits: { perSecond: 10, perMinute: 100, perDay: 50_000 },
} as const;

/** [REF] The four triggers, spelled as the OpenAPI enum spells them. */
export const webhookTriggers = ['new_response', 'stage_change', 'new_comment', 'new_score'] as const;
export type WebhookTrigger = (typeof webhookTriggers)[number];
