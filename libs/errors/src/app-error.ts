/**
 * Our own error classes. Adapters translate vendor errors (driver, HTTP client, broker) into these,
 * so no vendor error type travels above its adapter and callers branch on `code` and `retryable`.
 */
export interface AppErrorOptions {
  cause?: unknown;
  /** Whether repeating the same call may succeed. Defaults per class. */
  retryable?: boolean;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly retryable: boolean;

  protected constructor(message: string, defaultRetryable: boolean, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? defaultRetryable;
  }
}

/** An append's expected revision did not match the stream's actual revision. */
export class ConcurrencyError extends AppError {
  readonly code = 'CONCURRENCY';
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: string,
    options?: AppErrorOptions,
  ) {
    super(`stream ${stream}: expected revision ${expected}, actual ${actual}`, false, options);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/** A conflicting state that a retry will not fix (e.g. a duplicate that differs). */
export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/** The remote side asked us to slow down. `retryAfterMs` is its hint when it gave one. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: AppErrorOptions,
  ) {
    super(message, true, options);
  }
}

/** The grant behind a credential was revoked or expired: a person must authorize again. */
export class AuthorizationLostError extends AppError {
  readonly code = 'AUTHORIZATION_LOST';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/** The caller is not allowed to do this (bad signature, missing scope, wrong tenant). */
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/** A failure of the network or of a server that may pass (timeouts, 5xx, broker unavailable). */
export class TransientError extends AppError {
  readonly code = 'TRANSIENT';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, true, options);
  }
}

/** A remote API answered with an error that is not one of the cases above. */
export class UpstreamError extends AppError {
  readonly code = 'UPSTREAM';
  constructor(
    message: string,
    readonly status: number,
    readonly body?: unknown,
    options?: AppErrorOptions,
  ) {
    super(message, status >= 500, options);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** True when the error says a repeat of the same call may succeed. Unknown errors are not retried. */
export function isRetryable(error: unknown): boolean {
  return error instanceof AppError && error.retryable;
}

/** A conditional write's precondition (an `If-Match` revision) no longer holds: someone changed the resource since it was read. */
export class PreconditionFailedError extends AppError {
  readonly code = 'PRECONDITION_FAILED';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/** A write to an existing resource came without the precondition (`If-Match`) that keeps it from overwriting another's change. */
export class PreconditionRequiredError extends AppError {
  readonly code = 'PRECONDITION_REQUIRED';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

/**
 * A consumer's work on one stream that will not go on without someone's help (refused for good, or
 * its attempts used up): not retryable, so the bus sends the message to the topic's `.dlq` under
 * `<WORK>_STOPPED` (invite-dispatcher's `INVITE_STOPPED`, response-writeback's `NOTE_STOPPED`).
 */
export class WorkStoppedError<Work extends string = string> extends AppError {
  readonly code: `${Uppercase<Work>}_STOPPED`;
  constructor(
    readonly work: Work,
    readonly stream: string,
    readonly reason: string,
    options?: Pick<AppErrorOptions, 'cause'>,
  ) {
    super(`${work} of ${stream} stopped: ${reason}`, false, options);
    this.code = `${work.toUpperCase() as Uppercase<Work>}_STOPPED`;
  }
}
