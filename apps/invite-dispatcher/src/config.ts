import { fallbackWilloApiKey, willoClientEnv } from '@srw/willo';
import { serviceConfigSchema } from '@srw/runtime';
import { keyRingEnv, refineKeyRing } from '@srw/vault';
import { z } from 'zod';

/**
 * What every service reads, the vault's key ring (to unseal the candidate's email: `VAULT_KEYS`,
 * `VAULT_CURRENT_KEY_ID`), the Willo organisation and the dispatch settings.
 */
export const inviteDispatcherConfigSchema = serviceConfigSchema
  .extend({
    /** AES-256 keys wrapping the per-candidate PII keys, `<keyId>:<32 bytes base64>` separated by commas. */
    VAULT_KEYS: keyRingEnv.VAULT_KEYS,
    /** The key id of VAULT_KEYS that wraps new candidate keys. */
    VAULT_CURRENT_KEY_ID: keyRingEnv.VAULT_CURRENT_KEY_ID,
    /** The fallback Willo organisation's API key, for tenants without a key of their own; unset: those get no invite. */
    WILLO_API_KEY: fallbackWilloApiKey,
    /** Overrides Willo's production API (the sandbox's `apiBaseUrl`, or staging). */
    WILLO_BASE_URL: z.url().optional(),
    ...willoClientEnv,
    /** Consumer group of `invite.events.v1`; every replica of one deployment shares it. */
    INVITE_DISPATCHER_GROUP: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('invite-dispatcher'),
    /** Attempts per invite before it is abandoned (each retried inside the Willo client first). */
    INVITE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  })
  .superRefine(refineKeyRing);
export type InviteDispatcherConfig = z.output<typeof inviteDispatcherConfigSchema>;
