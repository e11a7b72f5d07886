import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWilloSandbox, type WilloSandbox } from './start-sandbox';

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0, seed: 3, rateLimits: { perSecond: 1_000, perMinute: 1_000 } });
});
afterAll(() => sandbox.close());

async function call(method: string, path: string, body?: unknown, key: string = sandbox.apiKey) {
  const response = await fetch(sandbox.apiBaseUrl + path, {
    method,
    headers: { authorization: key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
}

describe('willo-sandbox', () => {
  it('records each invitation, so inviting the same email twice is visible', async () => {
    const { organisationId, apiKey } = sandbox.control.addOrganisation();
    const { key: interview } = sandbox.control.addInterview(organisationId, { title: 'Driver' });

    const first = await call('POST', '/participants/', { interview, email: 'ada@example.com' }, apiKey);
    const second = await call('POST', '/participants/', { interview, email: 'ada@example.com' }, apiKey);

    expect([first.status, second.status]).toEqual([201, 201]);
    const invitations = sandbox.control.invitations(organisationId);
    expect(invitations.map((i) => [i.email, i.interview])).toEqual([
      ['ada@example.com', interview],
      ['ada@example.com', interview],
    ]);
    expect(invitations.every((i) => !Number.isNaN(Date.parse(i.invitedAt)))).toBe(true);
  });

  it('keeps organisations apart: another organisation’s keys answer 404', async () => {
    const other = sandbox.control.addOrganisation();
    const mine = await call('POST', '/participants/', { interview: sandbox.interviewKeys[0], email: 'x@example.com' });

    expect((await call('GET', `/participants/${String(mine.body['key'])}/`, undefined, other.apiKey)).status).toBe(404);
    expect((await call('GET', '/interviews/', undefined, other.apiKey)).body['results']).toEqual([]);
    expect(sandbox.control.requests().filter((r) => r.organisationId === other.organisationId).map((r) => r.status)).toEqual([404, 200]);
  });

  it('delivers nothing to an inactive webhook', async () => {
    const { organisationId, apiKey } = sandbox.control.addOrganisation();
    const { key: interview } = sandbox.control.addInterview(organisationId, { title: 'Cook' });
    const webhook = await call('POST', '/webhooks/', { target_url: 'http://127.0.0.1:9/never', trigger: 'new_response', is_active: false }, apiKey);
    const participant = await call('POST', '/participants/', { interview, email: 'quiet@example.com' }, apiKey);

    sandbox.control.completeInterview(String(participant.body['key']));

    expect(webhook.body).toMatchObject({ is_active: false });
    expect(sandbox.control.deliveries().filter((d) => d.webhookKey === webhook.body['key'])).toEqual([]);
  });

  it('answers the key check (GET /interviews/?page_size=1) with one interview in the reference’s fields, and an unknown key with 401', async () => {
    const { organisationId, apiKey } = sandbox.control.addOrganisation();
    sandbox.control.addInterview(organisationId, { title: 'First' });
    sandbox.control.addInterview(organisationId, { title: 'Second' });

    const checked = await call('GET', '/interviews/?page_size=1', undefined, apiKey);
    const refused = await call('GET', '/interviews/?page_size=1', undefined, 'not-a-willo-key');

    expect(checked.status).toBe(200);
    const results = checked.body['results'] as Record<string, unknown>[];
    expect(results).toHaveLength(1);
    // [REF] Interview: key, title, department (absent here), language, questions, created; share_url is ASSUMED.
    expect(Object.keys(results[0] ?? {}).toSorted()).toEqual(['created', 'key', 'language', 'questions', 'share_url', 'title']);
    expect(results[0]).toMatchObject({ title: 'First', questions: [] });
    expect(checked.body['next']).toMatch(/[?&]page=2/);
    expect(refused).toEqual({ status: 401, body: { detail: expect.any(String) } });
  });

  it('answers a path without its trailing slash with 404, and a missing key with 401', async () => {
    expect((await call('GET', '/interviews')).status).toBe(404);
    const anonymous = await fetch(`${sandbox.apiBaseUrl}/interviews/`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('injects 5xx at the chosen rate and stops after `times`', async () => {
    sandbox.control.injectFault({ kind: 'error', status: 500, rate: 0.5, method: 'GET', pathPrefix: '/interviews/' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await call('GET', '/interviews/')).status);
    sandbox.control.clearFaults();
    sandbox.control.injectFault({ kind: 'error', status: 502, rate: 1, times: 2 });
    const limited = [];
    for (let i = 0; i < 4; i++) limited.push((await call('GET', '/interviews/')).status);
    sandbox.control.clearFaults();

    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(70);
    expect(failures).toBeLessThan(130);
    expect(limited).toEqual([502, 502, 200, 200]);
  });

  it('injects latency and throttling', async () => {
    sandbox.control.injectFault({ kind: 'latency', latencyMs: 200, rate: 1, times: 1 });
    const started = Date.now();
    await call('GET', '/interviews/');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    sandbox.control.injectFault({ kind: 'throttle', rate: 1, times: 1 });
    const throttled = await call('GET', '/interviews/');
    sandbox.control.clearFaults();
    expect(throttled).toEqual({ status: 429, body: { detail: expect.stringMatching(/throttled/) } });
  });

  it('an injected throttle carries Retry-After when the quotas send it', async () => {
    sandbox.control.setRateLimits({ sendRetryAfter: true });
    sandbox.control.injectFault({ kind: 'throttle', rate: 1, times: 1 });
    try {
      const response = await fetch(`${sandbox.apiBaseUrl}/interviews/`, { headers: { authorization: sandbox.apiKey } });
      expect([response.status, response.headers.get('retry-after')]).toEqual([429, '1']);
    } finally {
      sandbox.control.clearFaults();
      sandbox.control.setRateLimits({ sendRetryAfter: false });
    }
  });

  it('applies a 403 quota answer per organisation when told to', async () => {
    const busy = sandbox.control.addOrganisation();
    const calm = sandbox.control.addOrganisation();
    sandbox.control.setRateLimits({ perSecond: 2, status: 403 });
    try {
      const busyStatuses = [];
      for (let i = 0; i < 3; i++) busyStatuses.push((await call('GET', '/interviews/', undefined, busy.apiKey)).status);
      const calmStatus = (await call('GET', '/interviews/', undefined, calm.apiKey)).status;

      expect(busyStatuses).toEqual([200, 200, 403]);
      expect(calmStatus).toBe(200);
    } finally {
      sandbox.control.setRateLimits({ perSecond: 1_000, status: 429 });
    }
  });

  it('counts quotas per organisation across its keys, and refuses a revoked key', async () => {
    const { organisationId, apiKey } = sandbox.control.addOrganisation();
    const secondUser = sandbox.control.addApiKey(organisationId);
    sandbox.control.setRateLimits({ perSecond: 2 });
    try {
      const statuses = [];
      for (const key of [apiKey, secondUser, apiKey]) statuses.push((await call('GET', '/interviews/', undefined, key)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      sandbox.control.setRateLimits({ perSecond: 1_000 });
    }
    sandbox.control.revokeApiKey(secondUser);
    expect((await call('GET', '/interviews/', undefined, secondUser)).status).toBe(401);
  });

  it('serves the share and review links it hands out', async () => {
    const interview = await call('GET', `/interviews/${sandbox.interviewKeys[0]}/`);
    const invited = await call('POST', '/participants/', { interview: sandbox.interviewKeys[0], email: 'links@example.com' });
    sandbox.control.completeInterview(String(invited.body['key']));
    const completed = await call('GET', `/participants/${String(invited.body['key'])}/`);

    const share = await fetch(String(interview.body['share_url']));
    const review = await fetch(String(completed.body['review_url']));

    expect([share.status, review.status]).toEqual([200, 200]);
    expect(await share.text()).toContain('Customer Support Associate');
  });

  it('offers the control calls over HTTP for the standalone server', async () => {
    const invited = await call('POST', '/participants/', { interview: sandbox.interviewKeys[1], email: 'http@example.com' });

    const completed = await fetch(`${sandbox.url}/_control/participants/${String(invited.body['key'])}/complete`, { method: 'POST' });
    const invitations = (await (await fetch(`${sandbox.url}/_control/invitations`)).json()) as { results: unknown[] };

    expect(completed.status).toBe(200);
    expect(((await completed.json()) as { responses: unknown[] }).responses).toHaveLength(4);
    expect(invitations.results.length).toBeGreaterThan(0);
  });

  it('accepts a prefixed key only when started with that prefix', async () => {
    const bearer = await startWilloSandbox({ port: 0, authPrefix: 'Bearer' });
    try {
      const withPrefix = await fetch(`${bearer.apiBaseUrl}/interviews/`, { headers: { authorization: `Bearer ${bearer.apiKey}` } });
      expect(withPrefix.status).toBe(200);
      expect((await call('GET', '/interviews/', undefined, `Bearer ${sandbox.apiKey}`)).status).toBe(401);
    } finally {
      await bearer.close();
    }
  });

  it('resets the daily quota at 00:00 UTC, as the client assumes', async () => {
    let now = Date.parse('2026-11-27T23:59:59.000Z');
    const daily = await startWilloSandbox({ port: 0, now: () => now, rateLimits: { perDay: 2 } });
    try {
      const get = async () => (await fetch(`${daily.apiBaseUrl}/interviews/`, { headers: { authorization: daily.apiKey } })).status;
      const beforeMidnight = [await get(), await get(), await get()];
      now = Date.parse('2026-11-28T00:00:00.500Z');
      const afterMidnight = [await get(), await get(), await get()];

      expect(beforeMidnight).toEqual([200, 200, 429]);
      expect(afterMidnight).toEqual([200, 200, 429]);
    } finally {
      await daily.close();
    }
  });
});
