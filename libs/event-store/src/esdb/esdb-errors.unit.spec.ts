import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NotFoundError,
  StreamDeletedError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, ConflictError, ForbiddenError, isRetryable, TransientError, UpstreamError, ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { translateEsdbError } from './esdb-errors';

/** A gRPC status error as grpc-js makes it (what append.js:95 passes on unconverted). */
const grpcStatus = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details });

describe('translateEsdbError', () => {
  it.each([
    ['the client unknown error (a connection reset when the server restarts)', new UnknownError(undefined, '13 INTERNAL: Received RST_STREAM with code 2')],
    ['unavailable', new UnavailableError(undefined, 'down')],
    ['deadline exceeded', new DeadlineExceededError(undefined, 'slow')],
    ['cancelled by the server', new CancelledError(undefined, 'cancelled')],
    ['a raw gRPC UNAVAILABLE status', grpcStatus(14, 'No connection established')],
    ['a raw gRPC INTERNAL status', grpcStatus(13, 'Received RST_STREAM with code 2')],
  ])('%s is transient and retryable', (_, error) => {
    const translated = translateEsdbError(error, 'invite-t:1');
    expect(translated).toBeInstanceOf(TransientError);
    expect(isRetryable(translated)).toBe(true);
    expect(translated.message).toContain('invite-t:1');
  });

  it.each([
    ['a TypeError of our own', new TypeError('x is not a function')],
    ['a RangeError of our own', new RangeError('Invalid array length')],
  ])('%s is passed on untouched and not retryable', (_, error) => {
    const translated = translateEsdbError(error, 'invite-t:1');
    expect(translated).toBe(error);
    expect(isRetryable(translated)).toBe(false);
  });

  it('a thrown non-error becomes an Error that is not retryable', () => {
    const translated = translateEsdbError('boom', '$all');
    expect(translated).toBeInstanceOf(Error);
    expect(isRetryable(translated)).toBe(false);
  });

  it('maps the client errors that a retry cannot fix to our errors', () => {
    const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', current: 3n, expected: 1n } as never);
    expect(translateEsdbError(wrong, 's')).toMatchObject({ constructor: ConcurrencyError, expected: '1', actual: '3', retryable: false });
    expect(translateEsdbError(new AccessDeniedError(undefined, 'no'), 's')).toBeInstanceOf(ForbiddenError);
    expect(translateEsdbError(StreamDeletedError.fromStreamName('s'), 's')).toBeInstanceOf(ConflictError);
    expect(translateEsdbError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), 's')).toBeInstanceOf(ValidationError);
    expect(translateEsdbError(new InvalidArgumentError('bad id'), 's')).toBeInstanceOf(ValidationError);
    for (const error of [new NotFoundError(undefined, 'gone'), new UnsupportedError('batchAppend', '21.10')]) {
      const translated = translateEsdbError(error, 's');
      expect(translated).toBeInstanceOf(UpstreamError);
      expect(isRetryable(translated)).toBe(false);
    }
  });

  it('passes our own errors through', () => {
    const ours = new ConcurrencyError('s', '1', '2');
    expect(translateEsdbError(ours, 's')).toBe(ours);
  });
});
