import {
  AccessDeniedError,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  InvalidArgumentError,
  isCommandError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppError, ConcurrencyError, ConflictError, ForbiddenError, TransientError, UpstreamError, ValidationError } from '@srw/errors';

/** A gRPC status error the client passed on unconverted (append.js:95 rejects with the raw sink error). */
const isGrpcStatusError = (error: Error): boolean => 'code' in error && typeof (error as { code: unknown }).code === 'number';

/**
 * Our error for one the client threw, on an operation on `subject` (a stream, or `$all`).
 * Only what a retry can fix is retryable: the server going away or being replaced, including the
 * client's `UnknownError`, which is what a connection reset mid-call becomes (gRPC INTERNAL
 * "Received RST_STREAM", CommandError.js:388; kurrent-io/KurrentDB-Client-NodeJS#51). An error that
 * is not the client's (a TypeError in our own code) is returned untouched: no retry can fix it.
 */
export function translateEsdbError(error: unknown, subject: string): Error {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return new Error(`EventStoreDB failed on ${subject}: ${String(error)}`, { cause: error });
  const converted = !isCommandError(error) && isGrpcStatusError(error) ? (convertToCommandError(error as never) as Error) : error;
  if (!isCommandError(converted)) return error;
  const message = `EventStoreDB failed on ${subject}: ${converted.message}`;
  if (converted instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(subject, String(converted.expectedVersion), String(converted.actualVersion), { cause: error });
  }
  if (converted instanceof AccessDeniedError) return new ForbiddenError(message, { cause: error });
  if (converted instanceof StreamDeletedError) return new ConflictError(message, { cause: error });
  if (converted instanceof MaxAppendSizeExceededError || converted instanceof InvalidArgumentError) {
    return new ValidationError(`append to ${subject}`, [{ path: '', message: converted.message }], { cause: error });
  }
  if (
    converted instanceof UnavailableError ||
    converted instanceof DeadlineExceededError ||
    converted instanceof TimeoutError ||
    converted instanceof NotLeaderError ||
    converted instanceof CancelledError ||
    converted instanceof UnknownError
  ) {
    return new TransientError(message, { cause: error });
  }
  return new UpstreamError(message, 500, undefined, { cause: error, retryable: false });
}
