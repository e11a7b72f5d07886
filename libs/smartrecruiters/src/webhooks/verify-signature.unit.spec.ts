import { createHmac } from 'node:crypto';
import { ForbiddenError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { signedPayload, verifySrWebhookSignature } from './verify-signature';

// The worked example of the spec (`subscriptions.generateSecretKey`).
const specKey = 'HeBVky2bccvvkcXPimH8c';
const specBody = '{"job_id":"jid","candidate_id":"cid"}';
const specHeaders = {
  'smartrecruiters-signature': 'v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f',
  'smartrecruiters-timestamp': '1574080897',
  'event-id': '123',
  link: '<http://smartrecruiters.com/endpoint>; rel=self',
  'event-name': 'application.created',
  'event-version': 'v201910',
};

const sign = (key: string, headers: Record<string, string>, body: string) =>
  `v1=${createHmac('sha256', key).update(signedPayload(headers, body)).digest('hex')}`;

describe('verifySrWebhookSignature', () => {
  it('builds the signed string in the documented order', () => {
    expect(signedPayload(specHeaders, specBody)).toBe(
      '1574080897.{"job_id":"jid","candidate_id":"cid"}.123.application.created.v201910.<http://smartrecruiters.com/endpoint>; rel=self',
    );
  });

  it('accepts the worked example of the spec, byte for byte', () => {
    expect(() => verifySrWebhookSignature({ headers: specHeaders, body: specBody, keys: [specKey] })).not.toThrow();
  });

  it('accepts a signature made with a live key', () => {
    const headers = { ...specHeaders, 'smartrecruiters-signature': sign(specKey, specHeaders, specBody) };
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey] })).not.toThrow();
  });

  it('accepts when any of several signatures matches any of several live keys', () => {
    const signature = `${sign('old-key', specHeaders, specBody)};${sign('new-key', specHeaders, specBody)}`;
    const headers = { ...specHeaders, 'smartrecruiters-signature': signature };
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: ['new-key'] })).not.toThrow();
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: ['unrelated', 'old-key'] })).not.toThrow();
  });

  it('rejects a tampered body, a tampered header, an unknown key and a missing signature', () => {
    const headers = { ...specHeaders, 'smartrecruiters-signature': sign(specKey, specHeaders, specBody) };
    expect(() => verifySrWebhookSignature({ headers, body: specBody.replace('cid', 'other'), keys: [specKey] })).toThrow(ForbiddenError);
    expect(() => verifySrWebhookSignature({ headers: { ...headers, 'event-id': '124' }, body: specBody, keys: [specKey] })).toThrow(ForbiddenError);
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: ['another'] })).toThrow(ForbiddenError);
    expect(() => verifySrWebhookSignature({ headers: { ...specHeaders, 'smartrecruiters-signature': undefined }, body: specBody, keys: [specKey] })).toThrow(
      ForbiddenError,
    );
  });

  it('rejects a delivery outside the timestamp tolerance when one is set', () => {
    const headers = { ...specHeaders, 'smartrecruiters-signature': sign(specKey, specHeaders, specBody) };
    const now = 1574080897_000 + 10 * 60_000;
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey], now, toleranceMs: 5 * 60_000 })).toThrow(/tolerance/);
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey], now, toleranceMs: 15 * 60_000 })).not.toThrow();
  });

  it('reads a Headers object as well as a plain record', () => {
    const headers = new Headers({ ...specHeaders, 'smartrecruiters-signature': sign(specKey, specHeaders, specBody) });
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey] })).not.toThrow();
  });

  it('finds headers whatever their case in a plain record', () => {
    const signature = sign(specKey, specHeaders, specBody);
    const headers = {
      'SmartRecruiters-Signature': signature,
      'SmartRecruiters-Timestamp': specHeaders['smartrecruiters-timestamp'],
      'Event-Id': specHeaders['event-id'],
      Link: specHeaders.link,
      'Event-Name': specHeaders['event-name'],
      'Event-Version': specHeaders['event-version'],
    };
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey] })).not.toThrow();
    expect(() => verifySrWebhookSignature({ headers: { ...headers, 'Event-Id': '124' }, body: specBody, keys: [specKey] })).toThrow(ForbiddenError);
  });

  it('rejects repeated headers (arrays in Node) with ForbiddenError rather than crashing', () => {
    const signature = sign(specKey, specHeaders, specBody);
    const headers = { ...specHeaders, 'smartrecruiters-signature': [signature, signature], 'event-id': ['123', '124'] };
    expect(() => verifySrWebhookSignature({ headers, body: specBody, keys: [specKey] })).toThrow(ForbiddenError);
  });
});
