import { ForbiddenError, ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookDelivery } from './webhook-delivery';

const secret = 'whsec_test_0123456789';
const now = Date.parse('2026-11-27T10:00:00.000Z');
const body = JSON.stringify({
  trigger: 'new_response',
  created: '2026-11-27T09:59:58.000Z',
  participant: {
    key: 'p1',
    interview: 'i1',
    email: 'ada@example.com',
    stage: 'invited',
    metadata: { srw_invite_id: 'invite-42' },
    responses: [{ question: 'Who are you?', media_url: 'https://media.example/1.mp4', transcript: 'Ada', score: 4.5 }],
    review_url: 'https://app.willotalent.com/review/p1/',
  },
});
const signedHeaders = (rawBody = body, key = secret, at = now) => ({
  'x-willo-signature': signWebhookBody(key, rawBody, Math.floor(at / 1000)),
  'x-willo-delivery': 'd-1',
});

describe('verifyWebhookDelivery', () => {
  it('accepts a well-signed new_response and parses it into our types', () => {
    const { deliveryId, payload } = verifyWebhookDelivery({ rawBody: body, headers: signedHeaders(), secret, now });

    expect(deliveryId).toBe('d-1');
    expect(payload).toMatchObject({
      trigger: 'new_response',
      participant: {
        key: 'p1',
        interviewKey: 'i1',
        metadata: { srw_invite_id: 'invite-42' },
        reviewUrl: 'https://app.willotalent.com/review/p1/',
        responses: [{ question: 'Who are you?', mediaUrl: 'https://media.example/1.mp4', score: 4.5 }],
      },
    });
  });

  it('accepts a stage_change with its previous stage', () => {
    const rawBody = JSON.stringify({
      trigger: 'stage_change',
      previous_stage: 'invited',
      participant: { key: 'p1', interview: 'i1', stage: 'shortlisted' },
    });
    const { payload } = verifyWebhookDelivery({ rawBody, headers: signedHeaders(rawBody), secret, now });
    expect(payload).toMatchObject({ trigger: 'stage_change', previousStage: 'invited', participant: { stage: 'shortlisted' } });
  });

  it.each([
    ['a tampered body', () => ({ rawBody: body.replace('ada@', 'eve@'), headers: signedHeaders() })],
    ['another secret', () => ({ rawBody: body, headers: signedHeaders(body, 'whsec_other') })],
    ['a replay from ten minutes ago', () => ({ rawBody: body, headers: signedHeaders(body, secret, now - 600_000) })],
    ['no signature', () => ({ rawBody: body, headers: {} })],
    ['a malformed signature', () => ({ rawBody: body, headers: { 'x-willo-signature': 'v1=zz' } })],
  ])('refuses %s with a ForbiddenError', (_case, delivery) => {
    expect(() => verifyWebhookDelivery({ ...delivery(), secret, now })).toThrow(ForbiddenError);
  });

  it('accepts a delivery that names only the participant: its interview reads as unknown', () => {
    const rawBody = JSON.stringify({ trigger: 'new_response', participant: { key: 'p1' } });
    const { payload } = verifyWebhookDelivery({ rawBody, headers: signedHeaders(rawBody), secret, now });
    expect(payload).toMatchObject({ trigger: 'new_response', participant: { key: 'p1', interviewKey: undefined } });
  });

  it('names the bad field of a well-signed body of the wrong shape (a participant key that is not a string)', () => {
    const rawBody = JSON.stringify({ trigger: 'new_response', participant: { key: 7, interview: 'i1' } });
    const error = (() => {
      try {
        verifyWebhookDelivery({ rawBody, headers: signedHeaders(rawBody), secret, now });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('participant.key');
  });

  it('refuses to verify with an empty secret: anyone could sign with it', () => {
    const forged = signedHeaders(body, '');
    expect(() => verifyWebhookDelivery({ rawBody: body, headers: forged, secret: '', now })).toThrow(ValidationError);
  });
});
