import { AuthorizationLostError, ForbiddenError, NotFoundError, TransientError, UpstreamError, ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultSrSettings } from '../sr-settings';
import { SrHttp } from './sr-http';
import { SlidingWindowRateLimiter, type RateLimiter } from '@srw/http-kit';
import { createGate } from '@srw/test-support';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** SrHttp over a scripted fetch: no network, no waiting. */
function httpWith(answers: Answer[], settings = defaultSrSettings) {
  const requests: { url: string; init: RequestInit }[] = [];
  const rejected: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const answer = answers.shift() ?? { status: 500 };
    const body = answer.body === undefined ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(body, { status: answer.status, headers: answer.headers });
  }) as unknown as typeof globalThis.fetch;
  let n = 0;
  const sleeps: number[] = [];
  const http = new SrHttp({
    baseUrl: 'https://sr.test',
    auth: { accessToken: async () => `token-${n}`, rejected: (t) => {
        rejected.push(t);
        n++;
      },
    },
    limiter: new SlidingWindowRateLimiter({ perSecond: 1000, concurrent: 8, marginMs: 0 }),
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    settings,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { http, requests, rejected, sleeps };
}

const page = z.object({ totalFound: z.number(), content: z.array(z.object({ id: z.string(), title: z.string() })) });

describe('SrHttp', () => {
  it('puts each API under its own base path and repeats array query parameters', async () => {
    const { http, requests } = httpWith([{ status: 200, body: { totalFound: 0, content: [] } }]);
    await http.send({ api: 'audit', method: 'GET', path: '/audit-events', query: { eventName: ['A', 'B'], limit: 5, skip: undefined }, schema: page });
    expect(requests[0]?.url).toBe('https://sr.test/audit-api/v201910/audit-events?eventName=A&eventName=B&limit=5');
  });

  it('fails with a ValidationError naming the offending field', async () => {
    const { http } = httpWith([{ status: 200, body: { totalFound: 1, content: [{ id: 'j1', title: 42 }] } }]);
    const error = await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('content.0.title');
  });

  it('retries 429 and 5xx on reads and then succeeds', async () => {
    const { http, requests } = httpWith([{ status: 429 }, { status: 503 }, { status: 200, body: { totalFound: 0, content: [] } }]);
    await expect(http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page })).resolves.toMatchObject({ data: { totalFound: 0, content: [] } });
    expect(requests).toHaveLength(3);
  });

  it('gives up after the last attempt with a retryable TransientError', async () => {
    const { http, requests } = httpWith([{ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }]);
    const error = await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryable).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('does not repeat a POST after a 5xx (it may have happened), but does after a 429', async () => {
    const failed = httpWith([{ status: 500 }]);
    await expect(failed.http.send({ api: 'root', method: 'POST', path: '/messages/shares', body: {}, schema: undefined })).rejects.toBeInstanceOf(TransientError);
    expect(failed.requests).toHaveLength(1);
    const limited = httpWith([{ status: 429 }, { status: 201, body: { totalFound: 0, content: [] } }]);
    await limited.http.send({ api: 'root', method: 'POST', path: '/messages/shares', body: {}, schema: page });
    expect(limited.requests).toHaveLength(2);
  });

  it('refreshes once on a 401, then reports the grant lost', async () => {
    const ok = httpWith([{ status: 401 }, { status: 200, body: { totalFound: 0, content: [] } }]);
    await ok.http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page });
    expect(ok.rejected).toEqual(['token-0']);
    expect(new Headers(ok.requests[1]?.init.headers).get('authorization')).toBe('Bearer token-1');
    const lost = httpWith([{ status: 401 }, { status: 401 }]);
    await expect(lost.http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page })).rejects.toMatchObject({ code: 'AUTHORIZATION_LOST' });
  });

  it('maps 403, 404 and other 4xx with the SR error codes in the message', async () => {
    const body = (code: string) => ({ message: code, errors: [{ code, message: code }] });
    const { http } = httpWith([{ status: 403, body: body('PERMISSION_DENIED') }, { status: 404, body: body('JOB_NOT_FOUND') }, { status: 400, body: body('INVALID_PAGE_ID') }]);
    const send = () => http.send({ api: 'root', method: 'GET', path: '/jobs/x', schema: page }).catch((e: unknown) => e);
    const forbidden = await send();
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as Error).message).toContain('PERMISSION_DENIED');
    expect(await send()).toBeInstanceOf(NotFoundError);
    const invalid = await send();
    expect(invalid).toBeInstanceOf(UpstreamError);
    expect((invalid as UpstreamError).retryable).toBe(false);
  });

  it('honours Retry-After only as a floor: "0" still backs off instead of retrying at once', async () => {
    const { http, requests, sleeps } = httpWith([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, body: { totalFound: 0, content: [] } },
    ]);
    await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page });
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) expect(ms).toBeGreaterThan(0);
    // a hint longer than the backoff wins (it also pauses the real limiter, hence a short one)
    const slow = httpWith([{ status: 429, headers: { 'retry-after': '0.05' } }, { status: 200, body: { totalFound: 0, content: [] } }]);
    await slow.http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page });
    expect(slow.sleeps).toEqual([50]);
  });

  it('retries when the token source fails transiently (nothing was sent), even for a POST; a lost grant is final', async () => {
    const build = (failures: Error[]) => {
      const requests: string[] = [];
      const http = new SrHttp({
        baseUrl: 'https://sr.test',
        auth: {
          accessToken: async () => {
            const failure = failures.shift();
            if (failure) throw failure;
            return 'token';
          },
          rejected: () => undefined,
        },
        limiter: new SlidingWindowRateLimiter({ perSecond: 1000, concurrent: 8, marginMs: 0 }),
        retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
        settings: defaultSrSettings,
        fetch: (async (url: string) => {
          requests.push(url);
          return new Response(JSON.stringify({ id: 'm1' }), { status: 201 });
        }) as unknown as typeof globalThis.fetch,
        sleep: async () => undefined,
        random: () => 0.5,
      });
      return { http, requests };
    };
    const created = z.object({ id: z.string() });
    const flaky = build([new TransientError('SR token endpoint answered 503')]);
    await expect(flaky.http.send({ api: 'root', method: 'POST', path: '/messages/shares', body: {}, schema: created })).resolves.toMatchObject({ data: { id: 'm1' } });
    expect(flaky.requests).toHaveLength(1);
    const lost = build([new AuthorizationLostError('SR refused this grant')]);
    await expect(lost.http.send({ api: 'root', method: 'GET', path: '/jobs', schema: created })).rejects.toBeInstanceOf(AuthorizationLostError);
    expect(lost.requests).toHaveLength(0);
  });

  it('takes 404 on a repeated DELETE (or 409 on a repeated activation) after a 5xx as done, but not on a first attempt', async () => {
    const repeated = httpWith([{ status: 503 }, { status: 404, body: { errors: [{ code: 'MESSAGE_NOT_FOUND' }] } }]);
    await expect(repeated.http.send({ api: 'root', method: 'DELETE', path: '/messages/shares/m1', schema: undefined, doneIfRepeatAnswers: [404] })).resolves.toMatchObject({ data: undefined });
    expect(repeated.requests).toHaveLength(2);
    const activation = httpWith([{ status: 504 }, { status: 409 }]);
    await expect(
      activation.http.send({ api: 'webhooks', method: 'PUT', path: '/subscriptions/s1/activation', schema: undefined, doneIfRepeatAnswers: [409] }),
    ).resolves.toMatchObject({ data: undefined });
    const first = httpWith([{ status: 404 }]);
    await expect(first.http.send({ api: 'root', method: 'DELETE', path: '/messages/shares/m1', schema: undefined, doneIfRepeatAnswers: [404] })).rejects.toBeInstanceOf(NotFoundError);
    const afterRateLimit = httpWith([{ status: 429 }, { status: 404 }]);
    await expect(
      afterRateLimit.http.send({ api: 'root', method: 'DELETE', path: '/messages/shares/m1', schema: undefined, doneIfRepeatAnswers: [404] }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('caps a Retry-After at maxRetryAfterMs', async () => {
    const { http, sleeps } = httpWith(
      [{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200, body: { totalFound: 0, content: [] } }],
      { ...defaultSrSettings, maxRetryAfterMs: 20 },
    );
    await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page });
    expect(sleeps).toEqual([20]);
  });

  it('fails a success whose body is not JSON with an UpstreamError quoting its start, not a schema error', async () => {
    const { http } = httpWith([{ status: 200, body: '<html><body>Maintenance</body></html>' }]);
    const error = await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('SR GET /jobs answered 200 with a body that is not JSON: <html><body>Maintenance</body></html>');
  });

  it('keeps a gateway page on a 5xx retryable, quoting its start in the error', async () => {
    const gateway = { status: 502, body: '<h1>502 Bad Gateway</h1>' };
    const { http, requests } = httpWith([gateway, gateway, gateway, gateway]);
    const error = await http.send({ api: 'root', method: 'GET', path: '/jobs', schema: page }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe('SR GET /jobs answered 502: <h1>502 Bad Gateway</h1>');
    expect(requests).toHaveLength(4);
  });
  it('an abort ends a call at once with its reason, whether it waits out a 429 backoff or its turn at the rate limiter', async () => {
    const requests: string[] = [];
    const httpWaiting = (limiter: RateLimiter, waited: () => void) =>
      new SrHttp({
        baseUrl: 'https://sr.test',
        auth: { accessToken: async () => 'token', rejected: () => undefined },
        limiter,
        retry: { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 60_000 },
        settings: defaultSrSettings,
        fetch: (async (url: string) => (requests.push(url), new Response(null, { status: 429 }))) as unknown as typeof globalThis.fetch,
        // A backoff that never ends by itself: only the abort can end the call.
        sleep: () => (waited(), new Promise<void>(() => undefined)),
        random: () => 0.5,
      });
    const backingOff = createGate();
    const inBackoff = new AbortController();
    const first = httpWaiting(new SlidingWindowRateLimiter({ perSecond: 1000, concurrent: 8, marginMs: 0 }), () => void backingOff.wait())
      .send({ api: 'root', method: 'GET', path: '/jobs', schema: page, signal: inBackoff.signal })
      .catch((error: unknown) => error);
    await backingOff.reached;
    inBackoff.abort(new Error('stopping'));
    expect(await first).toEqual(new Error('stopping'));
    expect(requests).toHaveLength(1);

    const queued = new AbortController();
    const neverAdmits: RateLimiter = { schedule: () => new Promise(() => undefined), observe: () => undefined, pause: () => undefined, lastObserved: {} };
    const second = httpWaiting(neverAdmits, () => undefined).send({ api: 'root', method: 'GET', path: '/jobs', schema: page, signal: queued.signal }).catch((error: unknown) => error);
    queued.abort(new Error('stopping too'));
    expect(await second).toEqual(new Error('stopping too'));
    expect(requests).toHaveLength(1);
  });
});
