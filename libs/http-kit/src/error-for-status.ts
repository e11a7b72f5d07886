import {
  type AppError,
  AuthorizationLostError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
} from '@srw/errors';

export interface ErrorAnswer {
  /** Names the call, with path templates rather than ids: `SR GET /jobs/{id}`. */
  subject: string;
  status: number;
  /** The answer's body (see `errorBodyOf`), kept on an {@link UpstreamError}. */
  body?: unknown;
  /** What the vendor's error body says, for the message (SR's error codes, Willo's `detail`). */
  detail?: string;
  /** The server's `Retry-After`, kept on a {@link RateLimitedError}. */
  retryAfterMs?: number;
  /** The vendor said "slow down" with another status than 429 (Willo: a 403 whose detail says quota). */
  throttled?: boolean;
}

/**
 * The one mapping of a vendor's error answer to our errors, so no HTTP detail travels further up:
 * 429 (or `throttled`) → rate limited; 401 → the grant or key is no longer accepted; 403 → forbidden;
 * 404 → not found; 408 and 5xx → transient; any other status (400 included) → an upstream error that
 * carries the body and is not retried.
 */
export function errorForStatus(answer: ErrorAnswer): AppError {
  const { status } = answer;
  const message = `${answer.subject} answered ${status}${answer.detail ? `: ${answer.detail}` : ''}`;
  if (status === 429 || answer.throttled) return new RateLimitedError(message, answer.retryAfterMs);
  if (status === 401) return new AuthorizationLostError(message);
  if (status === 403) return new ForbiddenError(message);
  if (status === 404) return new NotFoundError(message);
  if (status === 408 || status >= 500) return new TransientError(message);
  return new UpstreamError(message, status, answer.body);
}
