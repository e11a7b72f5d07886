import { describe, expect, it } from 'vitest';
import { createSrSandbox, defaultSandboxClient } from './start-sandbox';
import type { SbApplication } from './state/tenant';

/** What the sandbox refuses because SR refuses it (or, where SR is silent, as its README leans). */

const redirectUri = defaultSandboxClient.redirectUris[0] as string;
const everyScopeWeUse = ['jobs_read', 'candidates_read', 'candidates_manage', 'configuration_read', 'users_read', 'audit_events_read', 'messages_read', 'messages_write', 'webhooks_manage'];

function sandbox() {
  const { app, control } = createSrSandbox({ rateLimit: false, seed: { seed: 11, jobs: 8, candidates: 40 } });
  const { access_token } = control.issueGrant(everyScopeWeUse);
  const headers = { authorization: `Bearer ${access_token}` };
  const get = (path: string) => app.request(path, { headers });
  const send = (method: string, path: string, body: unknown) =>
    app.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { app, control, get, send };
}

const errorCode = async (response: Response) => ((await response.json()) as { errors: { code: string }[] }).errors[0]?.code;

describe('OAuth scopes', () => {
  const allowQuery = (scope: string) =>
    `/identity/oauth/allow?client_id=${defaultSandboxClient.clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&state=s9&scope=${encodeURIComponent(scope)}`;

  it('sends an unknown scope back to the client as invalid_scope, from the consent page and its form', async () => {
    const { app } = sandbox();
    const page = await app.request(allowQuery('jobs_read jobs_teleport'));
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get('location') as string);
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'invalid_scope', state: 's9' });
    expect(back.searchParams.get('error_description')).toContain('jobs_teleport');

    const posted = await app.request('/identity/oauth/allow', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: defaultSandboxClient.clientId, redirect_uri: redirectUri, scope: 'admin', decision: 'approve' }),
    });
    expect(posted.status).toBe(302);
    const location = new URL(posted.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('takes every scope SR names, including the docs spelling of the status-history scope', async () => {
    const { app } = sandbox();
    const page = await app.request(allowQuery('jobs_read candidates_status_read candidate_status_read webhooks_manage'));
    expect(page.status).toBe(200);
  });

  it('refuses to issue a grant with an unknown scope through the control API', async () => {
    const { app, control } = sandbox();
    expect(() => control.issueGrant(['jobs_read', 'root'])).toThrow(RangeError);
    const answer = await app.request('/_control/grants', { method: 'POST', body: JSON.stringify({ scopes: ['root'] }) });
    expect(answer.status).toBe(400);
    expect(await errorCode(answer)).toBe('INVALID_PARAMETER');
  });
});

describe('page ids belong to their listing', () => {
  const nextPageId = async (response: Response) => {
    expect(response.status).toBe(200);
    const pageId = ((await response.json()) as { nextPageId?: string }).nextPageId;
    expect(pageId).toEqual(expect.any(String));
    return pageId as string;
  };

  it('refuses a jobs cursor on /candidates and /users, and a candidates cursor on /jobs', async () => {
    const { get } = sandbox();
    const jobsCursor = await nextPageId(await get('/jobs?sort=job_id&limit=2'));
    const candidatesCursor = await nextPageId(await get('/candidates?limit=2'));

    for (const path of [`/candidates?pageId=${jobsCursor}`, `/user-api/v201804/users?pageId=${jobsCursor}`, `/jobs?sort=job_id&pageId=${candidatesCursor}`]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(await errorCode(answer), path).toBe('INVALID_PAGE_ID');
    }
  });

  it('refuses a cursor used with other filters, and keeps it valid with another page size or parameter order', async () => {
    const { get } = sandbox();
    const cursor = await nextPageId(await get('/jobs?sort=job_id&limit=2&postingStatus=PUBLIC&postingStatus=INTERNAL'));

    const otherFilter = await get(`/jobs?sort=job_id&limit=2&postingStatus=PUBLIC&pageId=${cursor}`);
    expect(otherFilter.status).toBe(400);
    expect(await errorCode(otherFilter)).toBe('INVALID_PAGE_ID');

    expect((await get(`/jobs?postingStatus=INTERNAL&pageId=${cursor}&limit=3&postingStatus=PUBLIC&sort=job_id`)).status).toBe(200);
  });

  const linkedPageId = (response: Response, name: string) => {
    expect(response.status).toBe(200);
    const link = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '');
    expect(link).not.toBeNull();
    return new URL((link as RegExpExecArray)[1] as string).searchParams.get(name) as string;
  };

  it('refuses a messages cursor of another candidate, and a forged numeric one', async () => {
    const { get, send, control } = sandbox();
    const [a, b] = [...control.tenant().candidates.keys()] as [string, string];
    for (const candidateId of [a, a, a, b]) {
      expect((await send('POST', '/messages/shares', { content: `#[CANDIDATE:${candidateId}] note` })).status).toBe(201);
    }
    const cursor = linkedPageId(await get(`/messages?candidateId=${a}&limit=2`), 'pageId');
    expect((await get(`/messages?candidateId=${a}&limit=2&pageId=${cursor}`)).status).toBe(200);
    for (const path of [`/messages?candidateId=${b}&limit=2&pageId=${cursor}`, `/messages?candidateId=${a}&limit=2&pageId=2`]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(await errorCode(answer), path).toBe('INVALID_PAGE_ID');
    }
  });

  it('refuses a subscriptions cursor on a callbacks log', async () => {
    const { get, send } = sandbox();
    const ids: string[] = [];
    for (const port of [9, 10]) {
      const created = await send('POST', '/webhooks-api/v201907/subscriptions', { callbackUrl: `http://127.0.0.1:${port}/hook`, events: ['candidate.created'] });
      ids.push(((await created.json()) as { id: string }).id);
    }
    const cursor = linkedPageId(await get('/webhooks-api/v201907/subscriptions?limit=1'), 'page_id');
    expect((await get(`/webhooks-api/v201907/subscriptions?limit=1&page_id=${cursor}`)).status).toBe(200);
    const foreign = await get(`/webhooks-api/v201907/subscriptions/${ids[0]}/callbacks-log?limit=1&page_id=${cursor}`);
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe('INVALID_PAGE_ID');
  });

  it('refuses an audit cursor with another entity filter', async () => {
    const { get, control } = sandbox();
    const tenant = control.tenant();
    const [application] = [...tenant.applications.values()] as SbApplication[];
    for (const status of ['REJECTED', 'NEW', 'REJECTED'] as const) {
      expect(control.moveCandidate({ candidateId: application?.candidateId as string, jobId: application?.jobId as string, status }).ok).toBe(true);
    }
    const first = await get('/audit-api/v201910/audit-events?limit=1&entityType=APPLICATION');
    const cursor = await nextPageId(first);
    expect((await get(`/audit-api/v201910/audit-events?limit=1&entityType=APPLICATION&nextPageId=${cursor}`)).status).toBe(200);
    const other = await get(`/audit-api/v201910/audit-events?limit=1&entityType=CANDIDATE&nextPageId=${cursor}`);
    expect(other.status).toBe(400);
    expect(await errorCode(other)).toBe('INVALID_PAGE_ID');
  });
});

describe('request body size', () => {
  it('answers 413 with an ErrorResponse to a body over 1 MiB, and still takes a full-size note', async () => {
    const { send, get } = sandbox();
    const { content } = (await (await get('/candidates?limit=1')).json()) as { content: { id: string }[] };
    const candidateId = content[0]?.id as string;

    const huge = await send('POST', '/messages/shares', { content: `#[CANDIDATE:${candidateId}] ${'x'.repeat(2 * 1024 * 1024)}` });
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe('PAYLOAD_TOO_LARGE');

    const note = await send('POST', '/messages/shares', { content: `#[CANDIDATE:${candidateId}] ${'x'.repeat(9_000)}` });
    expect(note.status).toBe(201);
  });
});

describe('status update reasons', () => {
  const firstApplication = (control: ReturnType<typeof sandbox>['control']) => {
    const application = [...control.tenant().applications.values()][0] as SbApplication;
    return `/candidates/${application.candidateId}/jobs/${application.jobId}`;
  };

  it('takes a listed rejection reason on REJECTED and shows it on the application', async () => {
    const { send, get, control } = sandbox();
    const reasons = (await (await get('/configuration/rejection-reasons')).json()) as { totalFound: number; content: { id: string; label: string }[] };
    expect(reasons.totalFound).toBeGreaterThan(0);
    const reason = reasons.content[0] as { id: string; label: string };

    const path = firstApplication(control);
    expect((await send('PUT', `${path}/status`, { status: 'REJECTED', reason: reason.id })).status).toBe(204);
    expect(await (await get(path)).json()).toMatchObject({ status: 'REJECTED', reasonOfRejection: reason });
  });

  it('answers NO_REASON_SUPPORT_FOR_STATUS to a reason on a status other than REJECTED or WITHDRAWN', async () => {
    const { send, control } = sandbox();
    const answer = await send('PUT', `${firstApplication(control)}/status`, { status: 'NEW', reason: 'rejection-not-qualified' });
    expect(answer.status).toBe(400);
    expect(await errorCode(answer)).toBe('NO_REASON_SUPPORT_FOR_STATUS');
  });

  it('answers REASON_NOT_FOUND to an unknown reason, or a rejection reason given for WITHDRAWN', async () => {
    const { send, get, control } = sandbox();
    const path = firstApplication(control);
    const history = () => ([...control.tenant().applications.values()][0] as SbApplication).history.length;
    const before = history();
    const rejection = ((await (await get('/configuration/rejection-reasons')).json()) as { content: { id: string }[] }).content[0]?.id;
    for (const body of [{ status: 'REJECTED', reason: 'no-such-reason' }, { status: 'WITHDRAWN', reason: rejection }]) {
      const answer = await send('PUT', `${path}/status`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(answer), JSON.stringify(body)).toBe('REASON_NOT_FOUND');
    }
    expect(history()).toBe(before);
  });

  it('answers 400 to a reason, subStatus or startsOn of the wrong type', async () => {
    const { send, control } = sandbox();
    for (const body of [{ status: 'REJECTED', reason: 42 }, { status: 'NEW', subStatus: ['x'] }, { status: 'NEW', startsOn: 'soon' }]) {
      const answer = await send('PUT', `${firstApplication(control)}/status`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(answer), JSON.stringify(body)).toBe('INVALID_PARAMETER');
    }
  });
});

describe('enum query values', () => {
  it('answers 400 INVALID_PARAMETER to a value outside the spec enum, and 200 to one inside', async () => {
    const { get, send } = sandbox();
    const subscription = (await (
      await send('POST', '/webhooks-api/v201907/subscriptions', { callbackUrl: 'http://127.0.0.1:9/hook', events: ['candidate.created'] })
    ).json()) as { id: string };
    const refused = [
      '/jobs?status=FOO',
      '/jobs?status=OTHER',
      '/jobs?postingStatus=EVERYWHERE',
      '/candidates?status=FOO',
      '/audit-api/v201910/audit-events?entityType=PLANET',
      `/webhooks-api/v201907/subscriptions/${subscription.id}/callbacks-log?callbackStatus=maybe`,
    ];
    for (const path of refused) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(await errorCode(answer), path).toBe('INVALID_PARAMETER');
    }
    const accepted = [
      '/jobs?status=SOURCING&status=ON_HOLD',
      '/jobs?postingStatus=PUBLIC',
      '/candidates?status=REJECTED',
      '/audit-api/v201910/audit-events?entityType=APPLICATION&entityType=JOB_AD',
      `/webhooks-api/v201907/subscriptions/${subscription.id}/callbacks-log?callbackStatus=failed`,
    ];
    for (const path of accepted) expect((await get(path)).status, path).toBe(200);
  });
});
