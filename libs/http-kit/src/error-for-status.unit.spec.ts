import {
  AuthorizationLostError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
} from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { errorForStatus } from './error-for-status';

describe('errorForStatus', () => {
  const subject = 'Vendor GET /things/{id}';

  it.each([
    [401, AuthorizationLostError, false],
    [403, ForbiddenError, false],
    [404, NotFoundError, false],
    [408, TransientError, true],
    [429, RateLimitedError, true],
    [500, TransientError, true],
    [503, TransientError, true],
    [400, UpstreamError, false],
    [409, UpstreamError, false],
    [422, UpstreamError, false],
  ])('maps %i to our error class', (status, errorClass, retryable) => {
    const error = errorForStatus({ subject, status, detail: 'what the vendor said' });
    expect(error).toBeInstanceOf(errorClass);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`${subject} answered ${status}: what the vendor said`);
  });

  it('keeps the Retry-After hint on a rate-limit error, also when the vendor throttles with another status', () => {
    const throttled = errorForStatus({ subject, status: 403, throttled: true, retryAfterMs: 2_000 });
    expect(throttled).toBeInstanceOf(RateLimitedError);
    expect((throttled as RateLimitedError).retryAfterMs).toBe(2_000);
    expect(throttled.message).toBe(`${subject} answered 403`);
  });

  it('keeps the body on an upstream error', () => {
    const body = { errors: [{ code: 'INVALID_PAGE_ID' }] };
    const error = errorForStatus({ subject, status: 400, body });
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).body).toBe(body);
    expect((error as UpstreamError).status).toBe(400);
  });
});
