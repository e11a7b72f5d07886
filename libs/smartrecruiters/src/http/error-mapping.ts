import { type AppError } from '@srw/errors';
import { errorForStatus } from '@srw/http-kit';
import { errorResponse } from '../schemas/common';

/** The codes of SR's `ErrorResponse` (e.g. `JOB_NOT_FOUND`), for messages and branching. */
export function srErrorCodes(body: unknown): string[] {
  const parsed = errorResponse.safeParse(body);
  return parsed.success ? (parsed.data.errors ?? []).map((e) => e.code) : [];
}

/** An SR error answer as our error, named by SR's error codes (or a snippet of a body that is not SR's). */
export function srError(status: number, body: unknown, subject: string, retryAfterMs: number | undefined): AppError {
  const codes = srErrorCodes(body);
  const detail = codes.length > 0 ? codes.join(', ') : typeof body === 'string' ? body : undefined;
  return errorForStatus({ subject, status, body, detail, retryAfterMs });
}
