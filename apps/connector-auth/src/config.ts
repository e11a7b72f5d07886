import { parseKeyRing, type KeyRingConfig } from '@srw/vault';
import { serviceConfigSchema } from '@srw/runtime';
import { srProductionHosts } from '@srw/smartrecruiters';
import { ValidationError } from '@srw/errors';
import { z } from 'zod';

/** Strict base64 of at least 32 bytes; the message never echoes the value (it is a secret). */
const base64Secret = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64')
  .refine((value) => Buffer.from(value, 'base64').length >= 32, 'must decode to at least 32 bytes');

/** `id:base64,id:base64`: key ids never contain `:` (the cipher's key-id pattern forbids it). */
const keyList = z.string().transform((value, ctx): Record<string, string> => {
  const keys: Record<string, string> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      ctx.addIssue({ code: 'custom', message: 'each entry must be <keyId>:<base64 key>' });
      return z.NEVER;
    }
    keys[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return keys;
});

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
    VAULT_KEYS: keyList,
    /** The key id of VAULT_KEYS that encrypts new records. */
    VAULT_CURRENT_KEY_ID: z.string().min(1),
    /** HMAC-SHA256 key signing the OAuth `state`, base64 of at least 32 bytes. */
    OAUTH_STATE_KEY: base64Secret,
    /** The bearer token other services present to the internal endpoints (at least 32 characters). */
    INTERNAL_SERVICE_TOKEN: z.string().min(32),
  })
  .superRefine((config, ctx) => {
    // The ring is checked whole here, so a bad key stops the start with the other bad settings.
    try {
      parseKeyRing(keyRingOf(config));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) {
        const variable = issue.path === 'currentKeyId' ? 'VAULT_CURRENT_KEY_ID' : 'VAULT_KEYS';
        ctx.addIssue({ code: 'custom', path: [variable], message: `${issue.path}: ${issue.message}` });
      }
    }
  });
export type ConnectorAuthConfig = z.output<typeof connectorAuthConfigSchema>;

export function keyRingOf(config: Pick<ConnectorAuthConfig, 'VAULT_KEYS' | 'VAULT_CURRENT_KEY_ID'>): KeyRingConfig {
  return { currentKeyId: config.VAULT_CURRENT_KEY_ID, keys: config.VAULT_KEYS };
}

/** The redirect URI registered with SR: the callback under the public base URL (which may carry a path prefix). */
export function callbackUrlOf(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/oauth/callback`;
}
