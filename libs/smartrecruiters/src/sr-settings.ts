import type { BackoffPolicy } from '@srw/http-kit';

/** Base path of each SR API on the API host (API-NOTES §2); the merged spec's `servers` is wrong. */
export const srApiBasePaths = {
  root: '',
  users: '/user-api/v201804',
  webhooks: '/webhooks-api/v201907',
  audit: '/audit-api/v201910',
  jobApplications: '/job-applications-api/v202112',
} as const;
export type SrApi = keyof typeof srApiBasePaths;

/**
 * Each detail of SR's behaviour that its documentation leaves open, as one setting, so that a fact
 * learned from a real tenant changes one value. Listed in the README.
 */
export interface SrSettings {
  /** Token requests authenticate with `client_secret_post` (body) or `client_secret_basic` (header). */
  clientAuthentication: 'client_secret_post' | 'client_secret_basic';
  /** Lifetime assumed when the token response has no `expires_in` (SR documents 30 minutes). */
  defaultAccessTokenTtlMs: number;
  /** Refresh this long before expiry, so that a request is never sent with a token about to expire. */
  refreshSkewMs: number;
  /** Scope name for the status history: the spec says `candidate_status_read`, the docs `candidates_status_read`. */
  statusHistoryScope: 'candidate_status_read' | 'candidates_status_read';
  /** Honour `Retry-After` when present (SR documents none) and cap it. */
  maxRetryAfterMs: number;
  /** A POST that failed with 5xx is not retried: SR has no idempotency key and may have done it. */
  retryNonIdempotentOn5xx: boolean;
  /** SR's rate limit: requests per rolling second, concurrent requests, concurrent `GET /candidates`. */
  requestsPerSecond: number;
  concurrentRequests: number;
  concurrentCandidateListings: number;
  /** Extra spacing of the rolling window, so clock and network jitter never exceed SR's count. */
  windowMarginMs: number;
  /** Per-request timeout; third parties advise long ones (≥ 128 s). */
  requestTimeoutMs: number;
}

export const defaultSrSettings: SrSettings = {
  clientAuthentication: 'client_secret_post',
  defaultAccessTokenTtlMs: 30 * 60_000,
  refreshSkewMs: 60_000,
  statusHistoryScope: 'candidate_status_read',
  maxRetryAfterMs: 60_000,
  retryNonIdempotentOn5xx: false,
  requestsPerSecond: 10,
  concurrentRequests: 8,
  concurrentCandidateListings: 1,
  windowMarginMs: 25,
  requestTimeoutMs: 130_000,
};

export const srProductionHosts = {
  api: 'https://api.smartrecruiters.com',
  authorize: 'https://www.smartrecruiters.com/identity/oauth/allow',
  token: 'https://api.smartrecruiters.com/identity/oauth/token',
};

/** How SR calls are retried (429, 5xx, network): capped exponential backoff with full jitter. */
export interface RetryPolicy extends BackoffPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 15_000 };
