import {
  AuthorizationLostError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
  ValidationError,
} from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { unlimitedRateLimiter as unlimited } from '@srw/http-kit';
import { createWilloClient } from './willo-client';

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fetch that answers from a script and records what was asked; no network. */
function scriptedFetch(...answers: Answer[]) {
  const calls: { method: string; url: string; headers: Headers; body?: string }[] = [];
  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    const answer = answers.shift() ?? { status: 599, body: { detail: 'script exhausted' } };
    const body = answer.body === undefined ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(body, {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const slept: number[] = [];
const clock = { now: () => 0, sleep: async (ms: number) => void slept.push(ms) };
const participant = { key: 'p1', interview: 'i1', email: 'ada@example.com', stage: 'invited' };

function clientWith(...answers: Answer[]) {
  const script = scriptedFetch(...answers);
  const client = createWilloClient({
    apiKey: 'key-123',
    baseUrl: 'https://willo.test/api/integrations/v2',
    fetch: script.fetch,
    rateLimiter: unlimited,
    clock,
    random: () => 0.5,
  });
  return { client, calls: script.calls };
}

describe('Willo HTTP mapping', () => {
  it('sends the raw key in Authorization to the path with its trailing slash', async () => {
    const { client, calls } = clientWith({ status: 200, body: participant });

    await client.participants.get('p1');

    expect(calls[0]?.url).toBe('https://willo.test/api/integrations/v2/participants/p1/');
    expect(calls[0]?.headers.get('authorization')).toBe('key-123');
  });

  it('uses the production base URL by default', async () => {
    const script = scriptedFetch({ status: 200, body: { results: [] } });
    const client = createWilloClient({ apiKey: 'k', fetch: script.fetch, rateLimiter: unlimited });
    await client.interviews.list();
    expect(script.calls[0]?.url).toMatch(/^https:\/\/api\.willotalent\.com\/api\/integrations\/v2\/interviews\/\?/);
  });

  it('backs off and repeats a throttled call (429, then a 403 that says quota)', async () => {
    slept.length = 0;
    const { client, calls } = clientWith(
      { status: 429, body: { detail: 'Request was throttled.' }, headers: { 'retry-after': '2' } },
      { status: 403, body: { detail: 'API quota exceeded' } },
      { status: 201, body: participant },
    );

    const invited = await client.participants.invite({ interviewKey: 'i1', email: 'ada@example.com' });

    expect(invited.key).toBe('p1');
    expect(calls).toHaveLength(3);
    expect(slept[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up on throttling with a RateLimitedError after the retries', async () => {
    const throttled = { status: 429, body: { detail: 'Request was throttled.' } };
    const { client, calls } = clientWith(...Array.from({ length: 10 }, () => throttled));
    await expect(client.participants.get('p1')).rejects.toBeInstanceOf(RateLimitedError);
    expect(calls).toHaveLength(6);
  });

  it('fails at once when Willo asks for a longer wait than we are willing to sleep', async () => {
    const { client, calls } = clientWith({ status: 429, body: { detail: 'throttled' }, headers: { 'retry-after': '3600' } });
    const error = await client.participants.get('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(calls).toHaveLength(1);
  });

  it('repeats an idempotent GET after a 5xx', async () => {
    const { client, calls } = clientWith({ status: 503, body: { detail: 'down' } }, { status: 200, body: participant });
    await expect(client.participants.get('p1')).resolves.toMatchObject({ key: 'p1' });
    expect(calls).toHaveLength(2);
  });

  it('counts a 404 on a repeated DELETE as done: the first attempt deleted before failing', async () => {
    const { client, calls } = clientWith({ status: 503, body: { detail: 'down' } }, { status: 404, body: { detail: 'Not found.' } });
    await expect(client.webhooks.delete('w1')).resolves.toBeUndefined();
    expect(calls.map((c) => c.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('maps a network failure to a TransientError, after repeating the GET', async () => {
    let calls = 0;
    const client = createWilloClient({
      apiKey: 'k',
      baseUrl: 'https://willo.test/api/integrations/v2',
      fetch: async () => {
        calls += 1;
        throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
      },
      rateLimiter: unlimited,
      clock,
    });
    const error = await client.interviews.get('i1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe('Willo GET /interviews/{key}/: fetch failed (ECONNRESET)');
    expect(calls).toBe(4);
  });

  it('never repeats a POST after a 5xx on its own (inviteOnce does, after a lookup)', async () => {
    const { client, calls } = clientWith({ status: 502, body: { detail: 'bad gateway' } }, { status: 201, body: participant });
    await expect(client.participants.invite({ interviewKey: 'i1', email: 'ada@example.com' })).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(calls).toHaveLength(1);
  });

  it.each([
    [401, { detail: 'Invalid API key.' }, AuthorizationLostError],
    [403, { detail: 'You do not have permission to perform this action.' }, ForbiddenError],
    [404, { detail: 'Not found.' }, NotFoundError],
    [400, { detail: 'interview: This field is required.' }, UpstreamError],
  ])('maps %i to our error class', async (status, body, errorClass) => {
    const { client } = clientWith({ status, body });
    const error = await client.participants.get('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toContain(body.detail);
  });

  it('reads an email our invite check would refuse as sent: only what we send is checked strictly', async () => {
    const { client } = clientWith({ status: 200, body: { ...participant, email: 'not-an-email' } });
    await expect(client.participants.get('p1')).resolves.toMatchObject({ key: 'p1', email: 'not-an-email' });
  });

  it('names the field when an answer has a key of the wrong type', async () => {
    const { client } = clientWith({ status: 200, body: { ...participant, key: 42 } });
    const error = await client.participants.get('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/GET \/participants\/\{key\}\/ is invalid: key/);
  });

  it('refuses an invite without an email before calling Willo', async () => {
    const { client, calls } = clientWith();
    const error = await client.participants.invite({ interviewKey: 'i1', email: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('email');
    expect(calls).toHaveLength(0);
  });

  it('follows next links and never sends the key to another origin', async () => {
    const { client, calls } = clientWith(
      { status: 200, body: { results: [participant], next: 'https://willo.test/api/integrations/v2/participants/?page=2' } },
      { status: 200, body: { results: [{ ...participant, key: 'p2' }], next: 'https://evil.test/steal/' } },
    );
    await expect(client.participants.findByInterviewAndEmail('i1', 'ada@example.com')).rejects.toBeInstanceOf(
      UpstreamError,
    );
    expect(calls.map((c) => new URL(c.url).origin)).toEqual(['https://willo.test', 'https://willo.test']);
  });

  it('uses the staging base URL when told to', async () => {
    const script = scriptedFetch({ status: 200, body: { results: [] } });
    const client = createWilloClient({ apiKey: 'k', environment: 'staging', fetch: script.fetch, rateLimiter: unlimited });
    await client.webhooks.list();
    expect(script.calls[0]?.url).toMatch(/^https:\/\/api\.stage\.willotalent\.com\/api\/integrations\/v2\/webhooks\/\?/);
  });

  it('refuses a key with a line break up front, without putting the key in the error', async () => {
    const script = scriptedFetch({ status: 200, body: participant });
    const error = (() => {
      try {
        return createWilloClient({ apiKey: 'sk_live_SECRET\nX-Injected: 1', fetch: script.fetch, rateLimiter: unlimited, clock });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('apiKey');
    expect((error as ValidationError).message).not.toContain('SECRET');
    expect(script.calls).toHaveLength(0);
  });

  it('sends a key pasted with surrounding whitespace without it', async () => {
    const script = scriptedFetch({ status: 200, body: participant });
    const client = createWilloClient({ apiKey: ' key-123\n', fetch: script.fetch, rateLimiter: unlimited, clock });
    await client.participants.get('p1');
    expect(script.calls[0]?.headers.get('authorization')).toBe('key-123');
  });

  it('rejects (never throws synchronously) an invalid inviteOnce request', async () => {
    const { client, calls } = clientWith();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.inviteOnce({ idempotencyKey: '', invite: { interviewKey: 'i1', email: 'ada@example.com' } });
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it.each(['', '.', '..'])('refuses the key %j, which would name another resource, before calling Willo', async (key) => {
    const { client, calls } = clientWith();
    await expect(client.webhooks.delete(key)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.participants.get(key)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.interviews.get(key)).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('reads an interview and a completed participant whose question and answer lack the modelled text fields', async () => {
    const { client } = clientWith(
      { status: 200, body: { key: 'i1', title: 'Support', questions: [{ type: 'video' }, { type: 'text', max_duration: 60 }] } },
      { status: 200, body: { ...participant, responses: [{ media_url: 'https://media.example/1.mp4', score: 3 }] } },
    );
    await expect(client.interviews.get('i1')).resolves.toMatchObject({ key: 'i1', questionCount: 2 });
    await expect(client.participants.get('p1')).resolves.toMatchObject({
      responses: [{ question: undefined, mediaUrl: 'https://media.example/1.mp4', score: 3 }],
    });
  });

  it('stops at a next link that leads back to an earlier page instead of paging until maxPages', async () => {
    const next = 'https://willo.test/api/integrations/v2/webhooks/?page=2';
    const { client, calls } = clientWith(
      ...Array.from({ length: 5 }, () => ({ status: 200, body: { results: [], next } })),
    );
    await expect(client.webhooks.list()).rejects.toBeInstanceOf(UpstreamError);
    expect(calls).toHaveLength(2);
  });

  it.each(['not a url', 'ftp://willo.test/api', 'https://willo.test/api?x=1'])(
    'refuses the base URL %j up front with a ValidationError, not a TypeError on every call',
    (baseUrl) => {
      expect(() => createWilloClient({ apiKey: 'k', baseUrl, rateLimiter: unlimited })).toThrow(ValidationError);
    },
  );

  it('runs every attempt, failed ones included, inside the rate limiter until its answer is read', async () => {
    const counts = { scheduled: 0, settled: 0, fetchedInside: 0 };
    let inside = false;
    const rateLimiter = {
      ...unlimited,
      schedule: async <T>(task: () => Promise<T>) => {
        counts.scheduled += 1;
        inside = true;
        try {
          return await task();
        } finally {
          inside = false;
          counts.settled += 1;
        }
      },
    };
    const script = scriptedFetch({ status: 503, body: { detail: 'down' } }, { status: 200, body: participant });
    const fetch = (async (...args: Parameters<typeof globalThis.fetch>) => {
      if (inside) counts.fetchedInside += 1;
      return script.fetch(...args);
    }) as typeof globalThis.fetch;
    const client = createWilloClient({ apiKey: 'k', baseUrl: 'https://willo.test/api/integrations/v2', fetch, rateLimiter, clock });

    await client.participants.get('p1');

    expect(counts).toEqual({ scheduled: 2, settled: 2, fetchedInside: 2 });
  });

  it('fails a success whose body is not JSON with an UpstreamError quoting its start, not a schema error', async () => {
    const { client } = clientWith({ status: 200, body: '<html><body>Maintenance</body></html>' });
    const error = await client.participants.get('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe(
      'Willo GET /participants/{key}/ answered 200 with a body that is not JSON: <html><body>Maintenance</body></html>',
    );
  });

  it('repeats a GET answered by a gateway page, and quotes its start when the retries are spent', async () => {
    const gateway = { status: 502, body: '<h1>502 Bad Gateway</h1>\n' };
    const { client, calls } = clientWith(gateway, gateway, gateway, gateway);
    const error = await client.participants.get('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe('Willo GET /participants/{key}/ answered 502: <h1>502 Bad Gateway</h1>');
    expect(calls).toHaveLength(4);
  });

  it('reads an invented field of an unexpected shape as absent instead of failing the participant', async () => {
    const { client } = clientWith(
      { status: 200, body: { ...participant, metadata: { srw_invite_id: 'invite-1', tags: ['a'], score: 5 }, review_url: '/review/p1/' } },
      { status: 200, body: { ...participant, metadata: 'ats:42', review_url: 42 } },
      { status: 200, body: { key: 'i1', title: 'Support', share_url: { href: 'x' } } },
    );
    const first = await client.participants.get('p1');
    const second = await client.participants.get('p1');
    const interview = await client.interviews.get('i1');
    expect([first.metadata, first.reviewUrl]).toEqual([{ srw_invite_id: 'invite-1' }, undefined]);
    expect([second.metadata, second.reviewUrl]).toEqual([{}, undefined]);
    expect([interview.key, interview.shareUrl]).toEqual(['i1', undefined]);
  });

  it('inviteOnce gives Willo inviteSettleMs to record an invite whose POST got a gateway timeout before looking again', async () => {
    slept.length = 0;
    const { client, calls } = clientWith(
      { status: 200, body: { results: [] } },
      { status: 504, body: { detail: 'Gateway Time-out' } },
      { status: 200, body: { results: [{ ...participant, metadata: { srw_invite_id: 'invite-504' } }] } },
    );

    const result = await client.inviteOnce({ idempotencyKey: 'invite-504', invite: { interviewKey: 'i1', email: 'ada@example.com' } });

    expect(result.outcome).toBe('invited');
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);
    expect(slept).toEqual([15_000]);
  });
});
