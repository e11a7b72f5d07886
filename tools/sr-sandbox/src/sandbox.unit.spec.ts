import { describe, expect, it, vi } from 'vitest';
import { createSrSandbox, defaultSandboxClient } from './start-sandbox';
import { seedTenant } from './state/seed-tenant';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const redirectUri = defaultSandboxClient.redirectUris[0] as string;
const clientAuth = { client_id: defaultSandboxClient.clientId, client_secret: defaultSandboxClient.clientSecret };

describe('seedTenant', () => {
  it('is deterministic: the same seed gives the same tenant', () => {
    const a = seedTenant({ seed: 9, jobs: 50, candidates: 500, now: 1_700_000_000_000 });
    const b = seedTenant({ seed: 9, jobs: 50, candidates: 500, now: 1_700_000_000_000 });
    expect(a.sortedJobIds).toEqual(b.sortedJobIds);
    expect([...a.candidates.values()]).toEqual([...b.candidates.values()]);
    expect(seedTenant({ seed: 10, jobs: 50, candidates: 500 }).sortedJobIds).not.toEqual(a.sortedJobIds);
  });

  // How fast is a benchmark's question, not a unit test's: a loaded machine is slow, never wrong, so
  // the timeout is only a backstop far above the ~2.5 s this takes on an idle 2-core machine.
  it('builds 10,000 jobs and 100,000 candidates', { timeout: 120_000 }, () => {
    const tenant = seedTenant({ seed: 1, jobs: 10_000, candidates: 100_000 });
    expect(tenant.jobs.size).toBe(10_000);
    expect(tenant.candidates.size).toBe(100_000);
  });
});

describe('sandbox OAuth', () => {
  it('approves on the consent page, exchanges the code once, and rotates refresh tokens', async () => {
    const { app } = createSrSandbox({ seed: { jobs: 2, candidates: 5 } });
    const allow = await app.request(
      '/identity/oauth/allow',
      form({ client_id: defaultSandboxClient.clientId, redirect_uri: redirectUri, scope: 'jobs_read', state: 's1', decision: 'approve' }),
    );
    expect(allow.status).toBe(302);
    const location = new URL(allow.headers.get('location') as string);
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code') as string;

    const exchange = (c: string) => app.request('/identity/oauth/token', form({ ...clientAuth, grant_type: 'authorization_code', code: c, redirect_uri: redirectUri }));
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string; expires_in: number; scope: string };
    expect(tokens).toMatchObject({ expires_in: 1800, scope: 'jobs_read' });
    expect((await exchange(code)).status).toBe(400);

    const refresh = (token: string) => app.request('/identity/oauth/token', form({ ...clientAuth, grant_type: 'refresh_token', refresh_token: token }));
    const rotated = await refresh(tokens.refresh_token);
    expect(rotated.status).toBe(200);
    const reused = await refresh(tokens.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects a bad client, an unregistered redirect URI and an empty scope', async () => {
    const { app } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const badClient = await app.request('/identity/oauth/token', form({ client_id: 'x', client_secret: 'y', grant_type: 'refresh_token', refresh_token: 'z' }));
    expect(badClient.status).toBe(401);
    expect((await app.request(`/identity/oauth/allow?client_id=sandbox-client&redirect_uri=${encodeURIComponent('https://evil.example')}`)).status).toBe(400);
    expect((await app.request(`/identity/oauth/allow?client_id=sandbox-client&redirect_uri=${encodeURIComponent(redirectUri)}&scope=`)).status).toBe(400);
  });

  it('answers 401 once the 30-minute access token expired, and after revocation', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    const get = () => app.request('/jobs', { headers: { authorization: `Bearer ${access_token}` } });
    expect((await get()).status).toBe(200);
    control.advanceClock(30 * 60_000);
    expect((await get()).status).toBe(401);
    const fresh = control.issueGrant(['jobs_read']);
    control.revokeGrants();
    expect((await app.request('/jobs', { headers: { authorization: `Bearer ${fresh.access_token}` } })).status).toBe(401);
  });
});

describe('sandbox API behaviour', () => {
  it('enforces scopes per endpoint with 403 PERMISSION_DENIED', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    const answer = await app.request('/candidates', { headers: { authorization: `Bearer ${access_token}` } });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ errors: [{ code: 'PERMISSION_DENIED' }] });
  });

  it('answers the 11th request within a second with 429 and X-RateLimit headers', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['configuration_read']);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await app.request('/configuration/hiring-processes', { headers: { authorization: `Bearer ${access_token}` } }));
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers[9]?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(answers[10]?.status).toBe(429);
    expect(answers[10]?.headers.get('x-ratelimit-concurrent-limit')).toBe('8');
    expect(await answers[10]?.json()).toMatchObject({ errors: [{ code: 'TOO_MANY_REQUESTS' }] });
    expect(control.stats().rateLimited).toBe(1);
  });

  it('counts one budget per credential across every API base path', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['configuration_read', 'users_read', 'user_me_read', 'webhooks_manage']);
    const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${access_token}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/configuration/hiring-processes')).status);
    for (let i = 0; i < 3; i++) statuses.push((await get('/user-api/v201804/users/me')).status);
    for (let i = 0; i < 3; i++) statuses.push((await get('/webhooks-api/v201907/subscriptions')).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const eleventh = await get('/user-api/v201804/users/me');
    expect(eleventh.status).toBe(429);
  });

  it('injects 5xx faults at the chosen rate', async () => {
    const { app, control } = createSrSandbox({ rateLimit: false, seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    control.injectFaults({ serverErrorRate: 1 });
    expect((await app.request('/jobs', { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(503);
    control.injectFaults({ serverErrorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 200; i++) statuses.push((await app.request('/jobs', { headers: { authorization: `Bearer ${access_token}` } })).status);
    const failures = statuses.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(70);
    expect(failures).toBeLessThan(130);
  });

  it('injects latency at the chosen rate', async () => {
    const { app, control } = createSrSandbox({ rateLimit: false, seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    control.injectFaults({ latencyRate: 1, latencyMs: 150 });
    // Virtual time: the answer is held exactly as long as injected, whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      let answered = false;
      const answer = Promise.resolve(app.request('/jobs', { headers: { authorization: `Bearer ${access_token}` } })).finally(() => (answered = true));
      await vi.advanceTimersByTimeAsync(149);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a slowed request against the concurrency limit while it is slow', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 1, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    control.injectFaults({ latencyRate: 1, latencyMs: 300 });
    // Virtual time: the eight slow requests hold their slots until the test lets the latency pass, so
    // the ninth meets a full house however slowly the machine starts them.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const pending = Array.from({ length: 9 }, () => Promise.resolve(app.request('/jobs', { headers: { authorization: `Bearer ${access_token}` } })));
      await vi.advanceTimersByTimeAsync(300);
      const answers = await Promise.all(pending);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(8);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds a matching request before its handler until released; a client gone meanwhile is logged 499, never served', async () => {
    const { app, control } = createSrSandbox({ rateLimit: false, seed: { jobs: 250, candidates: 1 } });
    const { access_token } = control.issueGrant(['jobs_read']);
    const get = (path: string, signal?: AbortSignal) => Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${access_token}` }, ...(signal ? { signal } : {}) }));

    const hold = control.holdRequest((r) => r.path === '/jobs' && r.query.get('offset') === '100');
    expect((await get('/jobs?offset=0')).status).toBe(200);
    let answered = false;
    const parked = get('/jobs?offset=100').finally(() => (answered = true));
    expect((await hold.reached).query.get('offset')).toBe('100');
    // Another request passes the parked one: the hold is on that request only.
    expect((await get('/jobs?offset=200')).status).toBe(200);
    expect(answered).toBe(false);
    hold.release();
    expect((await parked).status).toBe(200);

    const second = control.holdRequest((r) => r.path === '/jobs');
    const client = new AbortController();
    const gone = get('/jobs?offset=0', client.signal).catch(() => undefined);
    await second.reached;
    client.abort();
    await gone;
    const logged = control.requests();
    expect(logged.map((r) => r.status)).toEqual([200, 200, 200, 499]);
  });

  it('moves candidates only to steps of the job hiring process', () => {
    const { control } = createSrSandbox({ seed: { jobs: 3, candidates: 20 } });
    const application = [...control.tenant().applications.values()][0]!;
    const base = { candidateId: application.candidateId, jobId: application.jobId };
    expect(control.moveCandidate({ ...base, status: 'INTERVIEW' })).toMatchObject({ ok: false, code: 'REQUIRED_SUB_STATUS_OMITTED' });
    expect(control.moveCandidate({ ...base, status: 'INTERVIEW', subStatus: 'No such step' })).toMatchObject({ ok: false, status: 400 });
    expect(control.moveCandidate({ ...base, status: 'HIRED', subStatus: 'x' })).toMatchObject({ ok: false });
    const lastActivityOn = control.tenant().jobs.get(application.jobId)?.lastActivityOn;
    control.advanceClock(60_000);
    expect(control.moveCandidate({ ...base, status: 'HIRED' })).toMatchObject({ ok: true });
    // lastActivityOn changes on edits, new applications and publishing (spec), not on stage moves
    expect(control.tenant().jobs.get(application.jobId)?.lastActivityOn).toBe(lastActivityOn);
    expect(control.tenant().auditEvents.at(-1)).toMatchObject({ eventName: 'JOB_APPLICATION_STATE_MODIFIED', context: { currentStatus: 'HIRED' } });
  });
});

describe('sandbox request log', () => {
  it('logs every SR API request with its path, query, status and grant, refused ones included, and no OAuth or control request', async () => {
    const { app, control } = createSrSandbox({ seed: { jobs: 3, candidates: 5 }, rateLimit: false });
    const issued = control.issueGrant(['jobs_read']);
    const grantId = control.grants.grantsOf().at(-1)?.id;
    const bearer = { headers: { authorization: `Bearer ${issued.access_token}` } };
    expect((await app.request('/jobs?limit=2&sort=job_id', bearer)).status).toBe(200);
    expect((await app.request('/configuration/hiring-processes', bearer)).status).toBe(403);
    expect((await app.request('/jobs', { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    await app.request('/_control/stats');
    expect(control.requests().map((r) => ({ method: r.method, path: r.path, limit: r.query.get('limit'), status: r.status, grantId: r.grantId }))).toEqual([
      { method: 'GET', path: '/jobs', limit: '2', status: 200, grantId },
      { method: 'GET', path: '/configuration/hiring-processes', limit: null, status: 403, grantId },
      { method: 'GET', path: '/jobs', limit: null, status: 401, grantId: undefined },
    ]);
  });
});
