import { announceSkip, referencePath } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSrOpenApi, type SrOpenApi } from './openapi/sr-openapi';
import { type SrSandbox, sandboxDefaultScopes, startSrSandbox } from './start-sandbox';

/**
 * Validates the sandbox's answers against SR's own OpenAPI document with an independent validator
 * (openapi-backend / ajv), for every endpoint the client uses, errors included.
 */
const specFile = referencePath('smartrecruiters/openapi.yaml');

// Answers are untyped JSON, navigated loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe.skipIf(!specFile)('sandbox answers conform to openapi.yaml', () => {
  if (!specFile) announceSkip('sr-sandbox OpenAPI conformance', 'shared/reference/smartrecruiters/openapi.yaml not found');
  let spec: SrOpenApi;
  let sandbox: SrSandbox;
  let token: string;
  let nonAdminToken: string;
  const checked = new Set<string>();

  beforeAll(async () => {
    spec = await loadSrOpenApi(specFile as string);
    sandbox = await startSrSandbox({ port: 0, rateLimit: false, seed: { seed: 11, jobs: 30, candidates: 200 } });
    token = sandbox.control.issueGrant([...sandboxDefaultScopes, 'messages_manage', 'candidates_manage']).access_token;
    const tenant = sandbox.control.tenant();
    const standard = [...tenant.users.values()].find((u) => u.role !== 'ADMINISTRATOR');
    nonAdminToken = sandbox.control.issueGrant(sandboxDefaultScopes, standard?.id).access_token;
  });
  afterAll(() => sandbox?.close());

  /** Calls the sandbox, validates the answer against the operation the spec defines for it. */
  async function call(method: string, pathAndQuery: string, expectedStatus: number, body?: unknown, bearer = token, requestIsValid = true) {
    const response = await fetch(`${sandbox.url}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.status, `${method} ${pathAndQuery}: ${text}`).toBe(expectedStatus);
    const url = new URL(pathAndQuery, sandbox.url);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length > 1 ? values : (values[0] as string);
    }
    const request = { method, path: url.pathname, query, ...(body === undefined ? {} : { body }) };
    const matched = spec.match(request);
    expect(matched, `no operation in the spec for ${method} ${url.pathname}`).toBeDefined();
    const { operation, template } = matched!;
    if (requestIsValid) expect(spec.requestErrors(request, operation), `request ${method} ${pathAndQuery}`).toEqual([]);
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (json !== undefined) {
      expect(spec.responseErrors(json, operation, response.status), `${method} ${pathAndQuery} → ${response.status}`).toEqual([]);
    }
    checked.add(`${method} ${template} ${response.status}`);
    return { json: json as Loose, headers: response.headers };
  }

  it('jobs: list with cursor paging and filters, details, a bad page id', async () => {
    const filters = 'sort=job_id&status=SOURCING&updatedAfter=2020-01-01T00:00:00.000Z';
    const first = await call('GET', `/jobs?limit=10&${filters}`, 200);
    expect(first.json.nextPageId).toBeTruthy();
    // A page id continues its own listing: the same filters come with it.
    await call('GET', `/jobs?limit=10&${filters}&pageId=${first.json.nextPageId}`, 200);
    await call('GET', `/jobs/${first.json.content[0].id}`, 200);
    await call('GET', '/jobs?sort=job_id&pageId=garbage', 400);
  });

  it('configuration: hiring processes', async () => {
    await call('GET', '/configuration/hiring-processes', 200);
  });

  it('candidates: filtered list, details, one application, its status history, an unknown one', async () => {
    const tenant = sandbox.control.tenant();
    const application = [...tenant.applications.values()].find((a) => a.status === 'IN_REVIEW')!;
    const list = await call('GET', `/candidates?limit=5&jobId=${application.jobId}&status=IN_REVIEW&subStatus=${encodeURIComponent(application.subStatus!)}`, 200);
    expect(list.json.content.map((c: { id: string }) => c.id)).toContain(application.candidateId);
    await call('GET', '/candidates?limit=100&updatedAfter=2020-01-01T00:00:00.000Z', 200);
    await call('GET', `/candidates/${application.candidateId}`, 200);
    await call('GET', `/candidates/${application.candidateId}/jobs/${application.jobId}`, 200);
    await call('GET', `/candidates/${application.candidateId}/jobs/${application.jobId}/status/history`, 200);
    await call('GET', `/candidates/${application.candidateId}/jobs/00000000-0000-4000-8000-000000000000`, 404);
    const notAssigned = await call('GET', `/candidates/${application.candidateId}/jobs/00000000-0000-4000-8000-000000000000/status/history`, 404);
    expect(notAssigned.json.errors[0].code).toBe('JOB_NOT_FOUND');
    const unknown = await call('GET', `/candidates/00000000-0000-4000-8000-000000000000/jobs/${application.jobId}/status/history`, 404);
    expect(unknown.json.errors[0].code).toBe('CANDIDATE_NOT_FOUND');
  });

  it('job applications: one by its id (profileId is the candidate), an unknown one, a malformed id, and 403 without job_applications_read', async () => {
    const application = [...sandbox.control.tenant().applications.values()].find((a) => a.status === 'INTERVIEW')!;
    const found = await call('GET', `/job-applications-api/v202112/job-applications/${application.applicationId}`, 200);
    expect(found.json).toMatchObject({ profileId: application.candidateId, jobId: application.jobId, status: 'INTERVIEW', subStatus: application.subStatus });
    const unknown = await call('GET', '/job-applications-api/v202112/job-applications/00000000-0000-4000-8000-000000000000', 404);
    expect(unknown.json.errors[0].code).toBe('JOB_APPLICATION_NOT_FOUND');
    const malformed = await call('GET', '/job-applications-api/v202112/job-applications/not-a-uuid', 400, undefined, token, false);
    expect(malformed.json.errors[0].code).toBe('INVALID_JOB_APPLICATION_ID');
    const narrow = sandbox.control.issueGrant(sandboxDefaultScopes.filter((s) => s !== 'job_applications_read')).access_token;
    await call('GET', `/job-applications-api/v202112/job-applications/${application.applicationId}`, 403, undefined, narrow);
  });

  it('users: list, one, me', async () => {
    const list = await call('GET', '/user-api/v201804/users?limit=5', 200);
    await call('GET', `/user-api/v201804/users/${list.json.content[0].id}`, 200);
    await call('GET', '/user-api/v201804/users/me', 200);
  });

  it('audit events: state changes, and 403 without the ADMINISTRATOR role', async () => {
    const application = [...sandbox.control.tenant().applications.values()].find((a) => a.status === 'NEW')!;
    sandbox.control.moveCandidate({ candidateId: application.candidateId, jobId: application.jobId, status: 'REJECTED' });
    const page = await call('GET', '/audit-api/v201910/audit-events?eventName=JOB_APPLICATION_STATE_MODIFIED&limit=10', 200);
    expect(page.json.content).toHaveLength(1);
    // only the documented context of JOB_APPLICATION_STATE_MODIFIED (no steps on NEW → REJECTED)
    expect(Object.keys(page.json.content[0].context).sort()).toEqual(['currentStatus', 'previousStatus']);
    await call('GET', '/audit-api/v201910/audit-events', 403, undefined, nonAdminToken);
  });

  it('messages: share a note, list it, delete it, and the 400 codes', async () => {
    const application = [...sandbox.control.tenant().applications.values()][0]!;
    const note = { content: `#[CANDIDATE:${application.candidateId}] Interview done`, shareWith: { hiringTeamOf: [application.jobId], openNote: true } };
    const created = await call('POST', '/messages/shares', 201, note);
    const listed = await call('GET', `/messages?candidateId=${application.candidateId}&jobId=${application.jobId}&limit=10`, 200);
    expect(listed.json).toHaveLength(1);
    await call('DELETE', `/messages/shares/${created.json.id}`, 204);
    await call('POST', '/messages/shares', 400, { ...note, shareWith: { openNote: true, everyone: true } });
    const codeOf = async (query: string) => (await call('GET', `/messages?${query}`, 400)).json.errors[0].code;
    const other = [...sandbox.control.tenant().jobs.keys()].find((j) => j !== application.jobId && !sandbox.control.tenant().application(application.candidateId, j))!;
    expect(await codeOf('candidateId=00000000-0000-4000-8000-000000000000')).toBe('CANDIDATE_NOT_FOUND');
    expect(await codeOf(`candidateId=${application.candidateId}&jobId=00000000-0000-4000-8000-000000000000`)).toBe('JOB_NOT_FOUND');
    expect(await codeOf(`candidateId=${application.candidateId}&jobId=${other}`)).toBe('APPLICATION_NOT_FOUND');
  });

  it('webhooks: subscriptions, activation, secret keys, callbacks log, errors', async () => {
    const created = await call('POST', '/webhooks-api/v201907/subscriptions', 201, {
      callbackUrl: 'https://hooks.example.com/sr',
      events: ['application.status.updated', 'application.created'],
    });
    const id = created.json.id;
    // invalid callback URL or an unknown event name: 422, not 400
    await call('POST', '/webhooks-api/v201907/subscriptions', 422, { callbackUrl: 'http://hooks.example.com/sr', events: ['application.created'] }, token, false);
    await call('POST', '/webhooks-api/v201907/subscriptions', 422, { callbackUrl: 'https://hooks.example.com/sr', events: ['application.moved'] }, token, false);
    await call('GET', '/webhooks-api/v201907/subscriptions?limit=10', 200);
    await call('GET', `/webhooks-api/v201907/subscriptions/${id}`, 200);
    await call('POST', `/webhooks-api/v201907/subscriptions/${id}/secret-key`, 201);
    await call('GET', `/webhooks-api/v201907/subscriptions/${id}/secret-key`, 200);
    await call('GET', `/webhooks-api/v201907/subscriptions/${id}/callbacks-log?callbackStatus=failed&limit=10`, 200);
    // the callback host does not exist: the handshake fails
    await call('PUT', `/webhooks-api/v201907/subscriptions/${id}/activation`, 424);
    await call('DELETE', `/webhooks-api/v201907/subscriptions/${id}`, 204);
    await call('GET', `/webhooks-api/v201907/subscriptions/${id}`, 404);
  });

  it('covered every endpoint the client uses', () => {
    const operations = [...checked].map((c) => c.split(' ').slice(0, 2).join(' '));
    expect(new Set(operations)).toEqual(
      new Set([
        'GET /jobs',
        'GET /jobs/{jobId}',
        'GET /configuration/hiring-processes',
        'GET /candidates',
        'GET /candidates/{id}',
        'GET /candidates/{id}/jobs/{jobId}',
        'GET /candidates/{id}/jobs/{jobId}/status/history',
        'GET /job-applications-api/v202112/job-applications/{jobApplicationId}',
        'GET /user-api/v201804/users',
        'GET /user-api/v201804/users/{id}',
        'GET /user-api/v201804/users/me',
        'GET /audit-api/v201910/audit-events',
        'POST /messages/shares',
        'GET /messages',
        'DELETE /messages/shares/{id}',
        'POST /webhooks-api/v201907/subscriptions',
        'GET /webhooks-api/v201907/subscriptions',
        'GET /webhooks-api/v201907/subscriptions/{id}',
        'DELETE /webhooks-api/v201907/subscriptions/{id}',
        'PUT /webhooks-api/v201907/subscriptions/{id}/activation',
        'POST /webhooks-api/v201907/subscriptions/{id}/secret-key',
        'GET /webhooks-api/v201907/subscriptions/{id}/secret-key',
        'GET /webhooks-api/v201907/subscriptions/{id}/callbacks-log',
      ]),
    );
  });
});
