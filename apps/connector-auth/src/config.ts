import { keyRingEnv, keyRingOf, refineKeyRing } from '@srw/vault';
import { serviceConfigSchema } from '@srw/runtime';
import { srClientEnv, srProductionHosts } from '@srw/smartrecruiters';
import { z } from 'zod';

/** Strict base64 of at least 32 bytes; the message never echoes the value (it is a secret). */
export const base64Secret = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64')
  .refine((value) => Buffer.from(value, 'base64').length >= 32, 'must decode to at least 32 bytes');

/**
 * connector-auth's environment: the shared service keys plus the SR OAuth client, the vault's key
 * ring, the OAuth state key and the token other services present. Every secret here is only ever
 * named in errors, never printed.
 */
export const connectorAuthConfigSchema = serviceConfigSchema
  .extend({
    /** Where browsers reach this service; SR redirects to `<PUBLIC_BASE_URL>/oauth/callback`, which must be registered with SR exactly. */
    PUBLIC_BASE_URL: z.url(),
    /** The OAuth client SR issued to us. */
    SR_CLIENT_ID: z.string().min(1),
    SR_CLIENT_SECRET: z.string().min(1),
    /** SR's consent page; the sandbox's `/identity/oauth/allow` in tests and demos. */
    SR_AUTHORIZE_URL: z.url().default(srProductionHosts.authorize),
    /** SR's token endpoint (code exchange and refresh). */
    SR_TOKEN_URL: z.url().default(srProductionHosts.token),
    /** The vault's AES-256 keys, `<keyId>:<32 bytes in base64>` separated by commas; old keys stay listed until re-encrypted. */
    VAULT_KEYS: keyRingEnv.VAULT_KEYS,
    /** The key id of VAULT_KEYS that encrypts new records. */
    VAULT_CURRENT_KEY_ID: keyRingEnv.VAULT_CURRENT_KEY_ID,
    /** HMAC-SHA256 key signing the OAuth `state`, base64 of at least 32 bytes. */
    OAUTH_STATE_KEY: base64Secret,
    /** The bearer token other services present to the internal endpoints (at least 32 characters). */
    INTERNAL_SERVICE_TOKEN: z.string().min(32),
    /** How long an SR permit lives without a renewal: a crashed holder's SR slots return after it. */
    ...srClientEnv,
    SR_PERMIT_LEASE_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
  })
  // The ring is checked whole here, so a bad key stops the start with the other bad settings.
  .superRefine(refineKeyRing);
export type ConnectorAuthConfig = z.output<typeof connectorAuthConfigSchema>;

export { keyRingOf };

/** The redirect URI registered with SR: the callback under the public base URL (which may carry a path prefix). */
export function callbackUrlOf(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/oauth/callback`;
}
