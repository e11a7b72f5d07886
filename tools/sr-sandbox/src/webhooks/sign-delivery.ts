import { createHmac } from 'node:crypto';

/**
 * The `v1` scheme of `smartrecruiters-signature`: HMAC-SHA256 over timestamp, body, event-id,
 * event-name, event-version and link joined by "." (spec `subscriptions.generateSecretKey`), one
 * `v1=<hex>` segment per live key, joined by ";".
 */
export function signatureHeader(
  keys: readonly string[],
  parts: { timestamp: string; body: string; eventId: string; eventName: string; eventVersion: string; link: string },
): string {
  const signed = [parts.timestamp, parts.body, parts.eventId, parts.eventName, parts.eventVersion, parts.link].join('.');
  return keys.map((key) => `v1=${createHmac('sha256', key).update(signed).digest('hex')}`).join(';');
}
