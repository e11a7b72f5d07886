import type { AppError } from '@srw/errors';
import { errorForStatus, snippetOf } from '@srw/http-kit';
import { errorWire } from './willo-wire';
import { throttledDetailPattern } from './willo-settings';

/** The `detail` of a Willo error body, or the start of the body when it is something else. */
export function errorDetail(body: unknown): string {
  const parsed = errorWire.safeParse(body);
  if (parsed.success) return parsed.data.detail;
  if (typeof body === 'string') return snippetOf(body);
  return snippetOf(JSON.stringify(body) ?? '');
}

/** True for Willo's "quota exceeded" answers: every 429, and a 403 that says so. */
export function isThrottled(status: number, body: unknown): boolean {
  return status === 429 || (status === 403 && throttledDetailPattern.test(errorDetail(body)));
}

/**
 * A Willo error answer as our error (see `errorForStatus`); a 401 means the key is no longer valid,
 * and a 403 that says "quota" is a rate limit, not a refusal.
 */
export function willoError(call: string, status: number, body: unknown, retryAfterMs?: number): AppError {
  return errorForStatus({
    subject: `Willo ${call}`,
    status,
    body,
    detail: errorDetail(body),
    retryAfterMs,
    throttled: isThrottled(status, body),
  });
}
