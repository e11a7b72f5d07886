import {
  AuthorizationLostError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
  type AppError,
} from '@srw/errors';
import { errorWire } from './willo-wire';
import { throttledDetailPattern } from './willo-settings';

/** The `detail` of a Willo error body, or the raw text when the body is something else. */
export function errorDetail(body: unknown): string {
  const parsed = errorWire.safeParse(body);
  if (parsed.success) return parsed.data.detail;
  if (typeof body === 'string') return body.slice(0, 200);
  return JSON.stringify(body)?.slice(0, 200) ?? '';
}

/** True for Willo's "quota exceeded" answers: every 429, and a 403 that says so. */
export function isThrottled(status: number, body: unknown): boolean {
  return status === 429 || (status === 403 && throttledDetailPattern.test(errorDetail(body)));
}

/**
 * The one mapping from a Willo error answer to our errors: 401 → the key is no longer valid; 403 →
 * forbidden, unless it is a quota answer; 404 → not found; 429 → rate limited; 408 and 5xx → transient; any
 * other status (400 included) → a non-retryable upstream error carrying the body.
 */
export function willoError(call: string, status: number, body: unknown, retryAfterMs?: number): AppError {
  const detail = errorDetail(body);
  const message = `Willo ${call}: ${status} ${detail}`.trim();
  if (isThrottled(status, body)) return new RateLimitedError(message, retryAfterMs);
  if (status === 401) return new AuthorizationLostError(message);
  if (status === 403) return new ForbiddenError(message);
  if (status === 404) return new NotFoundError(message);
  if (status === 408 || status >= 500) return new TransientError(message);
  return new UpstreamError(message, status, body);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), when Willo sends it (not documented). */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
