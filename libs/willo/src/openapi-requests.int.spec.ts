import { announceSkip, referencePath } from '@srw/test-support';
import { willoOpenApiValidator } from '@srw/willo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxOrganisation, startWilloSandbox, type WilloSandbox } from './testing';

const specPath = referencePath('willo/willo-openapi.yml');
if (specPath === undefined) announceSkip('willo client requests vs OpenAPI', '../shared/reference/willo/willo-openapi.yml is absent');

/**
 * Where we knowingly leave the files, each an assumption listed in the README: paging and filter query
 * parameters (the files define none), and a PATCH with only `stage` (the files reuse `ParticipantInput`,
 * whose `interview` is required, for PATCH too; a partial update should not need it).
 */
const knownDeviations = [
  /^GET \S+\/(interviews|participants|webhooks)\/: \/query must NOT have additional properties$/,
  /^PATCH \S+\/participants\/\w+\/: \/requestBody must have required property 'interview'$/,
];

interface SentRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: unknown;
}

describe.skipIf(specPath === undefined)('the client sends what the OpenAPI files describe', () => {
  let sandbox: WilloSandbox;
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    sent.push({
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      ...(typeof init?.body === 'string' ? { body: JSON.parse(init.body) as unknown } : {}),
    });
    return fetch(input, init);
  };

  beforeAll(async () => {
    sandbox = await startWilloSandbox({ port: 0 });
  });
  afterAll(() => sandbox?.close());

  it('every request matches a documented operation, its path and its request body schema', async () => {
    const api = await willoOpenApiValidator(specPath ?? '');
    const { client, interviewKey } = sandboxOrganisation(sandbox, { fetch: recordingFetch });

    await client.interviews.list();
    await client.interviews.get(interviewKey);
    const { participant } = await client.inviteOnce({
      idempotencyKey: 'invite-openapi',
      invite: { interviewKey, firstName: 'Ada', lastName: 'L', email: 'ada@example.com', phone: '+447700900123', metadata: { sr_job_id: 'j-1' } },
    });
    await client.participants.get(participant.key);
    await client.participants.changeStage(participant.key, 'shortlisted');
    const webhook = await client.webhooks.ensure({ targetUrl: 'https://hooks.example/w', trigger: 'new_response', secret: 's' });
    await client.webhooks.delete(webhook.key);
    await client.webhooks.create({ targetUrl: 'https://hooks.example/p', trigger: 'stage_change', isActive: false });
    await client.webhooks.ensure({ targetUrl: 'https://hooks.example/p', trigger: 'stage_change' });

    const problems = sent.flatMap((request) => {
      const where = `${request.method} ${request.url.pathname}`;
      const operation = api.matchOperation({ method: request.method, path: request.url.pathname, headers: request.headers });
      if (!operation) return [`${where}: no such operation`];
      const result = api.validateRequest(
        {
          method: request.method,
          path: request.url.pathname,
          headers: request.headers,
          query: Object.fromEntries(request.url.searchParams),
          ...(request.body === undefined ? {} : { body: request.body }),
        },
        operation,
      );
      const missingKey = request.headers['authorization'] ? [] : [`${where}: no Authorization header`];
      return [...missingKey, ...(result.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''}`)];
    });

    expect(sent.map((r) => `${r.method} ${r.url.pathname.replace(/\/[0-9a-f]{20}\//g, '/{key}/')}`)).toEqual([
      'GET /api/integrations/v2/interviews/',
      'GET /api/integrations/v2/interviews/{key}/',
      'GET /api/integrations/v2/participants/',
      'POST /api/integrations/v2/participants/',
      'GET /api/integrations/v2/participants/{key}/',
      'PATCH /api/integrations/v2/participants/{key}/',
      'GET /api/integrations/v2/webhooks/',
      'POST /api/integrations/v2/webhooks/',
      'DELETE /api/integrations/v2/webhooks/{key}/',
      'POST /api/integrations/v2/webhooks/',
      'GET /api/integrations/v2/webhooks/',
      'PATCH /api/integrations/v2/webhooks/{key}/',
    ]);
    expect(problems.filter((p) => !knownDeviations.some((known) => known.test(p)))).toEqual([]);
  });
});
