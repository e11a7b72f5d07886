import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The fallback the reference notes advise while no signature is documented: an unguessable token in
 * the webhook's `target_url`, checked on every delivery. Use it together with the signature check if
 * Willo turns out to sign, instead of it if not.
 */
export const webhookTokenParam = 'token';

/** `baseUrl` with a fresh (or given) 32-byte token as `?token=`; store the token with the subscription. */
export function webhookTargetUrl(baseUrl: string, token = randomBytes(32).toString('base64url')) {
  const url = new URL(baseUrl);
  url.searchParams.set(webhookTokenParam, token);
  return { targetUrl: url.toString(), token };
}

/** True when the delivery's URL carries `expectedToken`, compared in constant time. */
export function hasWebhookToken(requestUrl: string, expectedToken: string): boolean {
  const given = Buffer.from(new URL(requestUrl, 'http://localhost').searchParams.get(webhookTokenParam) ?? '');
  const expected = Buffer.from(expectedToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
