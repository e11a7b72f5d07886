import { announceSkip, referencePath } from '@srw/test-support';
import type OpenAPIBackend from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWire } from './sandbox-settings';
import { startWilloSandbox, type WilloSandbox } from './start-sandbox';
import { willoOpenApiValidator } from './openapi/willo-openapi';

const specPath = referencePath('willo/willo-openapi.yml');
if (specPath === undefined) announceSkip('willo-sandbox OpenAPI conformance', '../shared/reference/willo/willo-openapi.yml is absent');

interface Exchange {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

describe.skipIf(specPath === undefined)('willo-sandbox answers as the OpenAPI files say', () => {
  let sandbox: WilloSandbox;
  let api: OpenAPIBackend;
  const exchanges: Exchange[] = [];

  /** Calls the sandbox with a raw fetch (not the client: the check must not depend on it) and records. */
  async function call(method: string, path: string, options: { body?: unknown; key?: string | null } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.key !== null) headers['authorization'] = options.key ?? sandbox.apiKey;
    const response = await fetch(sandbox.apiBaseUrl + path, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    exchanges.push({ method, path: sandboxWire.apiRoot + path.split('?')[0], status: response.status, body });
    return body as Record<string, unknown>;
  }

  beforeAll(async () => {
    api = await willoOpenApiValidator(specPath ?? '');
    // Quota answers (403/429) are not in the OpenAPI files at all, so this scenario stays under them.
    sandbox = await startWilloSandbox({ port: 0, rateLimits: { perSecond: 1_000, perMinute: 1_000 } });
  });
  afterAll(() => sandbox?.close());

  it('every answer of a full scenario, errors included, matches its operation’s schema', async () => {
    const interviewKey = sandbox.interviewKeys[0] ?? '';
    await call('GET', '/interviews/');
    // The key check of config-api's PUT /v1/willo-credentials: one interview, one page.
    await call('GET', '/interviews/?page_size=1');
    await call('GET', `/interviews/${interviewKey}/`);
    const created = await call('POST', '/interviews/', {
      body: { title: 'Warehouse Lead', questions: [{ prompt: 'Hi?', type: 'video', max_duration: 60, max_retakes: 1, thinking_time: 5 }] },
    });
    await call('PATCH', `/interviews/${String(created['key'])}/`, { body: { title: 'Warehouse Team Lead' } });
    await call('PUT', `/interviews/${String(created['key'])}/`, { body: { title: 'Warehouse Lead', language: 'en' } });
    await call('DELETE', `/interviews/${String(created['key'])}/`);

    const participant = await call('POST', '/participants/', {
      body: { interview: interviewKey, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+447700900123', metadata: { sr_candidate_id: 'c-1' } },
    });
    const key = String(participant['key']);
    await call('POST', '/participants/', { body: { interview: interviewKey, email: 'sms-only@example.com', stage: 'screening' } });
    await call('GET', '/participants/');
    await call('GET', `/participants/?interview=${interviewKey}&email=ada@example.com`);
    sandbox.control.completeInterview(key);
    await call('GET', `/participants/${key}/`);
    await call('PATCH', `/participants/${key}/`, { body: { stage: 'shortlisted' } });
    await call('PUT', `/participants/${key}/`, { body: { interview: interviewKey, email: 'ada@example.com', stage: 'hired' } });
    await call('GET', `/participants/${key}/idv-info/`);
    await call('GET', `/participants/${key}/idv-media/`);

    const webhook = await call('POST', '/webhooks/', { body: { target_url: 'https://hooks.example/willo', trigger: 'new_response', is_active: true } });
    await call('GET', '/webhooks/');
    await call('PATCH', `/webhooks/${String(webhook['key'])}/`, { body: { is_active: false } });
    await call('PUT', `/webhooks/${String(webhook['key'])}/`, { body: { target_url: 'https://hooks.example/w2', trigger: 'stage_change' } });
    await call('DELETE', `/webhooks/${String(webhook['key'])}/`);
    await call('DELETE', `/participants/${key}/`);

    // Errors: 400 (missing field, bad choice), 401 (no key, unknown key), 404 (unknown or deleted key).
    await call('POST', '/participants/', { body: { email: 'no-interview@example.com' } });
    await call('POST', '/webhooks/', { body: { target_url: 'https://hooks.example', trigger: 'new_hire' } });
    await call('POST', '/interviews/', { body: {} });
    await call('GET', '/interviews/', { key: null });
    await call('GET', '/interviews/?page_size=1', { key: 'not-a-key' });
    await call('GET', '/participants/', { key: 'not-a-key' });
    await call('GET', `/participants/${key}/`);
    await call('GET', '/interviews/unknown/');
    await call('DELETE', '/webhooks/unknown/');

    const problems = exchanges.flatMap((exchange) => {
      const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
      const operation = api.matchOperation({ method: exchange.method, path: exchange.path, headers: {} });
      if (!operation) return [`${where}: no such operation in the OpenAPI files`];
      if (!Object.keys(operation.responses ?? {}).includes(String(exchange.status))) {
        return [`${where}: status not documented for ${operation.operationId}`];
      }
      if (exchange.body === undefined) return exchange.status === 204 ? [] : [`${where}: empty body`];
      const result = api.validateResponse(exchange.body, operation, exchange.status);
      return (result.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
    });

    expect(exchanges).toHaveLength(31);
    expect(new Set(exchanges.map((e) => e.status))).toEqual(new Set([200, 201, 204, 400, 401, 404]));
    expect(problems).toEqual([]);
  });

  it('the validator does catch a wrong body (so the check above means something)', () => {
    const operation = api.matchOperation({ method: 'GET', path: `${sandboxWire.apiRoot}/participants/abc/`, headers: {} });
    if (!operation) throw new Error('getParticipant not found');
    const result = api.validateResponse({ key: 'abc', email: 'not-an-email', responses: [{ score: 'high' }] }, operation, 200);
    expect(result.errors?.map((e) => e.instancePath).toSorted()).toEqual(['/email', '/responses/0/score']);
  });
});
