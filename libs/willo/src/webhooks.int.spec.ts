import { ForbiddenError, NotFoundError } from '@srw/errors';
import { eventually } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, sandboxOrganisation, startWilloSandbox, type WilloSandbox } from './testing';
import { participantWithInterview, signWebhookBody, verifyWebhookDelivery, type VerifiedWebhookDelivery } from './webhook-delivery';

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0, webhookRetryDelaysMs: [20, 50, 100] });
});
afterAll(() => sandbox.close());

const secret = 'whsec_integration_test_secret';

/** A receiver that verifies like response-writeback will: 401 for anything not signed with `secret`. */
async function verifyingReceiver(fail: { first?: number } = {}) {
  const verified: VerifiedWebhookDelivery[] = [];
  let seen = 0;
  const receiver = await startWebhookReceiver(({ headers, rawBody }) => {
    seen += 1;
    try {
      const delivery = verifyWebhookDelivery({ rawBody, headers: headers as Record<string, string>, secret });
      if (seen <= (fail.first ?? 0)) return 503;
      verified.push(delivery);
      return 204;
    } catch (error) {
      if (error instanceof ForbiddenError) return 401;
      throw error;
    }
  });
  return { receiver, verified };
}

describe('Willo webhooks against the sandbox', () => {
  it('creates, lists and deletes subscriptions; ensure does not duplicate', async () => {
    const { client } = sandboxOrganisation(sandbox);

    const created = await client.webhooks.create({ targetUrl: 'https://hooks.example/willo/abc', trigger: 'new_response', secret });
    const ensured = await client.webhooks.ensure({ targetUrl: 'https://hooks.example/willo/abc', trigger: 'new_response' });
    const stage = await client.webhooks.ensure({ targetUrl: 'https://hooks.example/willo/abc', trigger: 'stage_change' });

    expect(created).toMatchObject({ trigger: 'new_response', isActive: true, secret });
    expect(ensured.key).toBe(created.key);
    expect((await client.webhooks.list()).map((w) => w.key).toSorted()).toEqual([created.key, stage.key].toSorted());

    await client.webhooks.delete(created.key);
    expect((await client.webhooks.list()).map((w) => w.key)).toEqual([stage.key]);
    await expect(client.webhooks.delete(created.key)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('ensure switches a paused subscription back on instead of returning it inactive', async () => {
    const { client } = sandboxOrganisation(sandbox);
    const paused = await client.webhooks.create({ targetUrl: 'https://hooks.example/willo/p', trigger: 'new_response', isActive: false, secret });

    const ensured = await client.webhooks.ensure({ targetUrl: 'https://hooks.example/willo/p', trigger: 'new_response' });

    expect(ensured).toMatchObject({ key: paused.key, isActive: true });
    expect((await client.webhooks.list()).map((w) => [w.key, w.isActive])).toEqual([[paused.key, true]]);
  });

  it('delivers a signed new_response that verifies and carries the review link and our ids', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { receiver, verified } = await verifyingReceiver();
    try {
      await client.webhooks.create({ targetUrl: receiver.url, trigger: 'new_response', secret });
      const { participant } = await client.inviteOnce({ idempotencyKey: 'invite-w1', invite: { interviewKey, email: 'ada@example.com' } });

      sandbox.control.completeInterview(participant.key);
      const [delivery] = await eventually(() => verified.length > 0 && verified, { what: 'a verified delivery' });

      expect(delivery?.payload).toMatchObject({
        trigger: 'new_response',
        participant: { key: participant.key, interviewKey, metadata: { srw_invite_id: 'invite-w1' } },
      });
      expect(delivery?.payload.trigger === 'new_response' && delivery.payload.participant.reviewUrl).toMatch(/\/review\//);
      expect(delivery?.deliveryId).toBeTruthy();
    } finally {
      await receiver.close();
    }
  });

  it('resolves the interview of a delivery that names only the participant, through the API', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { key } = await client.participants.invite({ interviewKey, email: 'keyonly@example.com' });
    const rawBody = JSON.stringify({ trigger: 'new_response', participant: { key } });
    const at = Math.floor(Date.now() / 1000);

    const { payload } = verifyWebhookDelivery({
      rawBody,
      headers: { 'x-willo-signature': signWebhookBody(secret, rawBody, at) },
      secret,
    });
    if (payload.trigger !== 'new_response') throw new Error(`unexpected trigger ${payload.trigger}`);
    expect(payload.participant.interviewKey).toBeUndefined();

    await expect(participantWithInterview(client.participants, payload.participant)).resolves.toMatchObject({ key, interviewKey });
  });

  it('delivers our own stage change back as a stage_change', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { receiver, verified } = await verifyingReceiver();
    try {
      await client.webhooks.create({ targetUrl: receiver.url, trigger: 'stage_change', secret });
      const { key } = await client.participants.invite({ interviewKey, email: 'grace@example.com' });

      await client.participants.changeStage(key, 'shortlisted');
      const [delivery] = await eventually(() => verified.length > 0 && verified, { what: 'a stage_change' });

      expect(delivery?.payload).toMatchObject({ trigger: 'stage_change', previousStage: 'invited', participant: { stage: 'shortlisted' } });
    } finally {
      await receiver.close();
    }
  });

  it('retries a failed delivery with the same delivery id', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { receiver, verified } = await verifyingReceiver({ first: 2 });
    try {
      await client.webhooks.create({ targetUrl: receiver.url, trigger: 'new_response', secret });
      const { key } = await client.participants.invite({ interviewKey, email: 'linus@example.com' });

      sandbox.control.completeInterview(key);
      await eventually(() => verified.length > 0, { what: 'the third attempt' });

      expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 204]);
      expect(new Set(receiver.received.map((r) => r.headers['x-willo-delivery'])).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('rejects a tampered delivery and one signed with another secret', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { receiver, verified } = await verifyingReceiver();
    try {
      await client.webhooks.create({ targetUrl: receiver.url, trigger: 'new_response', secret });
      const { key } = await client.participants.invite({ interviewKey, email: 'eve@example.com' });
      sandbox.control.completeInterview(key);
      await eventually(() => verified.length > 0, { what: 'the genuine delivery' });
      const genuine = receiver.received[0];
      if (!genuine) throw new Error('no delivery');

      const tampered = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-willo-signature': String(genuine.headers['x-willo-signature']) },
        body: genuine.rawBody.replace(key, 'someone-else'),
      });
      const wrongSecret = (await client.webhooks.create({ targetUrl: receiver.url, trigger: 'new_response', secret: 'whsec_guess' })).key;
      const other = await client.participants.invite({ interviewKey, email: 'mallory@example.com' });
      sandbox.control.completeInterview(other.key);
      await sandbox.control.deliveriesSettled();

      expect(tampered.status).toBe(401);
      const statuses = sandbox.control.deliveries().filter((d) => d.webhookKey === wrongSecret).flatMap((d) => d.attempts.map((a) => a.status));
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 401)).toBe(true);
      expect(verified.map((v) => v.payload.trigger === 'new_response' && v.payload.participant.key)).toEqual([key, other.key]);
    } finally {
      await receiver.close();
    }
  });

  it('drops deliveries at the chosen rate: none arrives, and the sandbox records them as dropped', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { receiver } = await verifyingReceiver();
    sandbox.control.setWebhookDropRate(1);
    try {
      const webhook = await client.webhooks.create({ targetUrl: receiver.url, trigger: 'new_response', secret });
      const { key } = await client.participants.invite({ interviewKey, email: 'dropped@example.com' });

      sandbox.control.completeInterview(key);
      await sandbox.control.deliveriesSettled();

      expect(receiver.received).toHaveLength(0);
      expect(sandbox.control.deliveries().filter((d) => d.webhookKey === webhook.key).map((d) => d.state)).toEqual(['dropped']);
      // The response is still there for the polling safety net.
      expect((await client.participants.get(key)).responses).toHaveLength(3);
    } finally {
      sandbox.control.setWebhookDropRate(0);
      await receiver.close();
    }
  });

  it('the test receiver answers 500 and records the error when its check throws, instead of crashing the run', async () => {
    const receiver = await startWebhookReceiver(() => {
      throw new Error('unexpected payload');
    });
    try {
      const response = await fetch(receiver.url, { method: 'POST', body: '{}' });

      expect(response.status).toBe(500);
      expect(receiver.received.map((r) => [r.status, (r.error as Error | undefined)?.message])).toEqual([[500, 'unexpected payload']]);
    } finally {
      await receiver.close();
    }
  });
});
