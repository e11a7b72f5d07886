import { loadSrOpenApi, type SrSandbox, type SrOpenApi, type SrRequestShape, startSrSandbox } from '@srw/sr-sandbox';
import { announceSkip, referencePath } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from './paging';
import { integrationScopes } from './scopes';
import { connectToSandbox, startWebhookReceiver, type WebhookReceiver } from './testing';

const specFile = referencePath('smartrecruiters/openapi.yaml');

/**
 * The other half of "path for path, field for field": every request the client sends (method,
 * path under its API's base path, query parameter names and values, body) is valid for the
 * operation of SR's OpenAPI document, checked by an independent validator.
 */
describe.skipIf(!specFile)('client requests conform to openapi.yaml', () => {
  if (!specFile) announceSkip('smartrecruiters request conformance', 'shared/reference/smartrecruiters/openapi.yaml not found');
  let spec: SrOpenApi;
  let sandbox: SrSandbox;
  let receiver: WebhookReceiver;
  const sent: SrRequestShape[] = [];

  beforeAll(async () => {
    spec = await loadSrOpenApi(specFile as string);
    // The spec pages users by offset only (the docs show nextPageId): the client must manage both.
    sandbox = await startSrSandbox({ port: 0, rateLimit: false, usersNextPageId: false, seed: { seed: 5, jobs: 150, candidates: 300 } });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length > 1 ? values : (values[0] as string);
    }
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    sent.push({ method: init?.method ?? 'GET', path: url.pathname, query, ...(body === undefined ? {} : { body }) });
    return fetch(input, init);
  };

  it('sends only requests the spec allows, for every operation the client has', async () => {
    const { client } = await connectToSandbox(sandbox, { fetch: recording, scopes: [...integrationScopes(), 'messages_manage'] });
    const application = [...sandbox.control.tenant().applications.values()].find((a) => a.status === 'INTERVIEW')!;

    for await (const page of client.jobs.list({ updatedAfter: '2020-01-01T00:00:00.000Z', status: 'SOURCING', limit: 50 })) void page;
    await client.jobs.get(application.jobId);
    await client.jobs.hiringProcesses();
    await client.candidates.list({ jobId: [application.jobId], status: 'INTERVIEW', subStatus: application.subStatus!, updatedAfter: '2020-01-01T00:00:00.000Z' }).next();
    await client.candidates.get(application.candidateId);
    await client.candidates.application(application.candidateId, application.jobId);
    await client.candidates.statusHistory(application.candidateId, application.jobId);
    expect(await client.jobApplications.get(application.applicationId)).toMatchObject({ profileId: application.candidateId, jobId: application.jobId, status: 'INTERVIEW' });
    const users = [];
    for await (const user of itemsOf(client.users.list({ limit: 10 }))) users.push(user.id);
    expect(new Set(users).size).toBe(sandbox.control.tenant().users.size);
    const me = await client.users.me();
    await client.users.get(me.id!);
    await client.auditEvents.list({ eventName: ['JOB_APPLICATION_STATE_MODIFIED'], entityType: ['APPLICATION'], eventDateAfter: '2020-01-01T00:00:00.000Z', limit: 100 }).next();
    const note = await client.messages.postNote({ candidateId: application.candidateId, content: 'Done [willo:r1]', hiringTeamOf: [application.jobId], openNote: true, correlationId: 'r1' });
    await client.messages.findNote(application.candidateId, '[willo:r1]', application.jobId);
    await client.messages.delete(note.id);
    const subscription = await client.webhooks.create({ callbackUrl: receiver.url, events: ['application.status.updated'] });
    await client.webhooks.list().next();
    await client.webhooks.get(subscription.id);
    await client.webhooks.activate(subscription.id);
    await client.webhooks.createSecretKey(subscription.id);
    await client.webhooks.secretKey(subscription.id);
    await client.webhooks.callbacksLog(subscription.id, { callbackStatus: 'failed', after: '2020-01-01T00:00:00.000Z' }).next();
    await client.webhooks.delete(subscription.id);

    const templates = new Set<string>();
    for (const request of sent) {
      const matched = spec.match(request);
      expect(matched, `${request.method} ${request.path} is not in the spec`).toBeDefined();
      expect(spec.requestErrors(request, matched!.operation), `${request.method} ${request.path} ${JSON.stringify(request.query)}`).toEqual([]);
      templates.add(`${request.method} ${matched!.template}`);
    }
    expect(templates.size).toBe(23);
  });
});
