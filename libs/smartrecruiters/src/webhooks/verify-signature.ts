import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '@srw/errors';

/** The headers of an SR delivery (Node's `IncomingHttpHeaders` fits: a repeated header is an array). */
export type DeliveryHeaders = Record<string, string | readonly string[] | undefined> | Headers;

export interface VerifyInput {
  headers: DeliveryHeaders;
  /** The raw body exactly as received (re-serialised JSON would not match). */
  body: string;
  /** Every live key of the subscription: a superseded key stays valid 24 h after rotation. */
  keys: readonly string[];
  now?: number;
  /** Reject deliveries whose timestamp is further than this from `now` (replay guard). */
  toleranceMs?: number;
}

/** A header by name, case-insensitively (HTTP names are; plain records from some frameworks keep the sender's case). */
const header = (headers: DeliveryHeaders, name: string): string => {
  if (headers instanceof Headers) return headers.get(name) ?? '';
  const key = name in headers ? name : Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  // A repeated header reads as one value, as `Headers` would join it (it then matches no signature).
  return (typeof value === 'string' ? value : value?.join(', ')) ?? '';
};

/**
 * The string SR signs (`v1`): timestamp, body, event-id, event-name, event-version and link joined
 * by ".", with "" for a missing header (spec `subscriptions.generateSecretKey`).
 */
export function signedPayload(headers: DeliveryHeaders, body: string): string {
  return [
    header(headers, 'smartrecruiters-timestamp'),
    body,
    header(headers, 'event-id'),
    header(headers, 'event-name'),
    header(headers, 'event-version'),
    header(headers, 'link'),
  ].join('.');
}

/**
 * Checks `smartrecruiters-signature` (`v1=<hex>;v1=<hex>…`): valid when any `v1` segment equals
 * HMAC-SHA256 of the payload under any live key. Throws {@link ForbiddenError} otherwise.
 */
export function verifySrWebhookSignature(input: VerifyInput): void {
  const signature = header(input.headers, 'smartrecruiters-signature');
  if (signature === '') throw new ForbiddenError('SR webhook without smartrecruiters-signature');
  if (input.toleranceMs !== undefined) {
    const timestamp = Number(header(input.headers, 'smartrecruiters-timestamp')) * 1000;
    if (!Number.isFinite(timestamp) || Math.abs((input.now ?? Date.now()) - timestamp) > input.toleranceMs) {
      throw new ForbiddenError('SR webhook timestamp is missing or outside the tolerance');
    }
  }
  const offered = signature
    .split(';')
    .map((segment) => segment.trim().split('='))
    .filter(([scheme, value]) => scheme === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value))
    .map(([, value]) => Buffer.from(value as string, 'hex'));
  const payload = signedPayload(input.headers, input.body);
  for (const key of input.keys) {
    const expected = createHmac('sha256', key).update(payload).digest();
    if (offered.some((candidate) => timingSafeEqual(candidate, expected))) return;
  }
  throw new ForbiddenError('SR webhook signature does not match any live key');
}
