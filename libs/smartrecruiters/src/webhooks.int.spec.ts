import { ForbiddenError, UpstreamError } from '@srw/errors';
import { type SrSandbox, type SbApplication, startSrSandbox } from '@srw/sr-sandbox';
import { eventually } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from './paging';
import { connectToSandbox, type SandboxConnection, startWebhookReceiver, type WebhookReceiver } from './testing';
import { verifySrWebhookSignature } from './webhooks/verify-signature';

describe('webhooks against the sandbox', () => {
  let sandbox: SrSandbox;
  let receiver: WebhookReceiver;
  let connection: SandboxConnection;
  let applications: SbApplication[];
  let subscriptionId: string;
  let firstKey: string;

  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { jobs: 10, candidates: 200 }, webhooks: { retryDelaysMs: [50, 100, 200] } });
    receiver = await startWebhookReceiver();
    connection = await connectToSandbox(sandbox);
    applications = [...sandbox.control.tenant().applications.values()].filter((a) => a.status !== 'HIRED');
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  let moves = 0;
  const move = () => {
    const a = applications[moves++] as SbApplication;
    const result = sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status: 'HIRED' });
    expect(result.ok).toBe(true);
    return a;
  };
  const deliveryFor = (a: SbApplication) => eventually(() => receiver.deliveries.filter((d) => d.body.includes(a.applicationId)).at(-1), { what: `a delivery for ${a.applicationId}` });

  it('creates a subscription and activates it through the X-Hook-Secret handshake', async () => {
    const { client } = connection;
    const created = await client.webhooks.create({ callbackUrl: receiver.url, events: ['application.status.updated'] });
    expect(created.status).toBe('inactive');
    subscriptionId = created.id;
    await client.webhooks.activate(created.id);
    expect(receiver.handshakes).toBe(1);
    expect((await client.webhooks.get(created.id)).status).toBe('active');
    const again = await client.webhooks.activate(created.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UpstreamError);
    expect((again as UpstreamError).status).toBe(409);
    const all = [];
    for await (const s of itemsOf(client.webhooks.list())) all.push(s.id);
    expect(all).toContain(created.id);
  });

  it('fails activation with 424 when the callback does not echo the secret', async () => {
    const created = await connection.client.webhooks.create({ callbackUrl: `${sandbox.url}/nowhere`, events: ['candidate.created'] });
    const error = await connection.client.webhooks.activate(created.id).catch((e: unknown) => e);
    expect((error as UpstreamError).status).toBe(424);
    await connection.client.webhooks.delete(created.id);
  });

  it('signs deliveries with the secret key; a tampered body is rejected', async () => {
    firstKey = await connection.client.webhooks.createSecretKey(subscriptionId);
    expect(await connection.client.webhooks.secretKey(subscriptionId)).toBe(firstKey);
    const a = move();
    const delivery = await deliveryFor(a);
    expect(JSON.parse(delivery.body)).toEqual({ job_id: a.jobId, candidate_id: a.candidateId, application_id: a.applicationId });
    expect(delivery.headers['event-name']).toBe('application.status.updated');
    expect(delivery.headers['link']).toContain(`/candidates/${a.candidateId}/jobs/${a.jobId}`);
    const headers = delivery.headers as Record<string, string>;
    expect(() => verifySrWebhookSignature({ headers, body: delivery.body, keys: [firstKey] })).not.toThrow();
    expect(() => verifySrWebhookSignature({ headers, body: delivery.body.replace('"job_id"', '"job_id" '), keys: [firstKey] })).toThrow(ForbiddenError);
    expect(() => verifySrWebhookSignature({ headers, body: delivery.body, keys: ['guessed'] })).toThrow(ForbiddenError);
  });

  it('retries a failed delivery with the same event-id, and logs the attempts', async () => {
    receiver.failNext(2);
    const a = move();
    const attempts = await eventually(
      () => {
        const ds = receiver.deliveries.filter((d) => d.body.includes(a.applicationId));
        return ds.length >= 3 ? ds : undefined;
      },
      { what: 'three delivery attempts' },
    );
    expect(new Set(attempts.map((d) => d.headers['event-id'])).size).toBe(1);
    const failed = [];
    for await (const e of itemsOf(connection.client.webhooks.callbacksLog(subscriptionId, { callbackStatus: 'failed' }))) failed.push(e);
    expect(failed.filter((e) => e.requestDetails?.body?.includes(a.applicationId))).toHaveLength(2);
    // SR lists the log "starting from newest"
    const times = [];
    for await (const e of itemsOf(connection.client.webhooks.callbacksLog(subscriptionId))) times.push(Date.parse(e.timestamp!));
    expect(times.length).toBeGreaterThan(3);
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('after key rotation signs with both live keys, then only the new one once the old expires', async () => {
    const secondKey = await connection.client.webhooks.createSecretKey(subscriptionId);
    const a = move();
    const both = await deliveryFor(a);
    const headers = both.headers as Record<string, string>;
    expect(headers['smartrecruiters-signature']?.split(';')).toHaveLength(2);
    expect(() => verifySrWebhookSignature({ headers, body: both.body, keys: [firstKey] })).not.toThrow();
    expect(() => verifySrWebhookSignature({ headers, body: both.body, keys: [secondKey] })).not.toThrow();

    sandbox.control.advanceClock(25 * 3_600_000);
    const b = move();
    const later = await deliveryFor(b);
    const laterHeaders = later.headers as Record<string, string>;
    expect(() => verifySrWebhookSignature({ headers: laterHeaders, body: later.body, keys: [firstKey] })).toThrow(ForbiddenError);
    expect(() => verifySrWebhookSignature({ headers: laterHeaders, body: later.body, keys: [firstKey, secondKey] })).not.toThrow();
  });

  it('drops deliveries when told to, and retries them', async () => {
    sandbox.control.setWebhookSettings({ retryDelaysMs: Array<number>(10).fill(20) });
    sandbox.control.injectFaults({ dropWebhookRate: 0.5 });
    const moved = [move(), move(), move(), move()];
    for (const a of moved) await deliveryFor(a);
    sandbox.control.injectFaults({});
    const failed = [];
    for await (const e of itemsOf(connection.client.webhooks.callbacksLog(subscriptionId, { callbackStatus: 'failed' }))) failed.push(e);
    const dropped = failed.filter((e) => moved.some((a) => e.requestDetails?.body?.includes(a.applicationId)));
    expect(dropped.length).toBeGreaterThan(0);
  });
});
