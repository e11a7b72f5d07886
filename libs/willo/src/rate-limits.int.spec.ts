import { RateLimitedError } from '@srw/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter, unlimitedRateLimiter as unlimited } from '@srw/http-kit';
import { sandboxOrganisation, startWilloSandbox, type WilloSandbox } from './testing';

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const throttledFor = (organisationId: string) =>
  sandbox.control.requests().filter((r) => r.organisationId === organisationId && (r.status === 429 || r.status === 403));

describe('Willo rate limits against the sandbox', () => {
  it('stays under 10 requests/s with the default limiter: the sandbox throttles nothing', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox);

    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, () => client.interviews.get(interviewKey)));

    expect(throttledFor(organisationId)).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it.each([429, 403] as const)('backs off on %i quota answers until every call succeeds', async (status) => {
    sandbox.control.setRateLimits({ perSecond: 3, status });
    try {
      const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, {
        rateLimiter: unlimited,
        retry: { throttledRetries: 20, baseDelayMs: 100, maxDelayMs: 1_000 },
      });

      const interviews = await Promise.all(Array.from({ length: 8 }, () => client.interviews.get(interviewKey)));

      expect(interviews.every((i) => i.key === interviewKey)).toBe(true);
      expect(throttledFor(organisationId).length).toBeGreaterThan(0);
    } finally {
      sandbox.control.setRateLimits({ perSecond: 10, status: 429 });
    }
  });

  it('honours Retry-After when the server sends it', async () => {
    sandbox.control.setRateLimits({ perSecond: 1, sendRetryAfter: true });
    try {
      const slept: number[] = [];
      const { client, interviewKey } = sandboxOrganisation(sandbox, {
        rateLimiter: unlimited,
        clock: { now: Date.now, sleep: (ms) => (slept.push(ms), new Promise((r) => setTimeout(r, ms))) },
      });

      await Promise.all([client.interviews.get(interviewKey), client.interviews.get(interviewKey)]);

      expect(slept.some((ms) => ms >= 1_000)).toBe(true);
    } finally {
      sandbox.control.setRateLimits({ perSecond: 10, sendRetryAfter: false });
    }
  });

  it('ends with a RateLimitedError once the daily cap is spent, without calling Willo', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, {
      rateLimiter: new SlidingWindowRateLimiter({ perSecond: 10, perMinute: 100, perDay: 2, marginMs: 250 }),
    });
    await client.interviews.get(interviewKey);
    await client.interviews.get(interviewKey);

    await expect(client.interviews.get(interviewKey)).rejects.toBeInstanceOf(RateLimitedError);
    expect(sandbox.control.requests().filter((r) => r.organisationId === organisationId)).toHaveLength(2);
  });
});
