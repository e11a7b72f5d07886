import {
  type AppError,
  AuthorizationLostError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
} from '@srw/errors';
import { errorResponse } from '../schemas/common';

/** The codes of SR's `ErrorResponse` (e.g. `JOB_NOT_FOUND`), for messages and branching. */
export function srErrorCodes(body: unknown): string[] {
  const parsed = errorResponse.safeParse(body);
  return parsed.success ? (parsed.data.errors ?? []).map((e) => e.code) : [];
}

/** Translates an SR error answer into our error classes; no HTTP detail travels further up. */
export function errorForStatus(status: number, body: unknown, subject: string, retryAfter: number | undefined): AppError {
  const codes = srErrorCodes(body);
  const described = `${subject} answered ${status}${codes.length > 0 ? ` ${codes.join(', ')}` : ''}`;
  if (status === 401) return new AuthorizationLostError(`${described}: the grant is no longer accepted`);
  if (status === 403) return new ForbiddenError(described);
  if (status === 404) return new NotFoundError(described);
  if (status === 429) return new RateLimitedError(described, retryAfter);
  if (status === 408 || status >= 500) return new TransientError(described);
  return new UpstreamError(described, status, body);
}
