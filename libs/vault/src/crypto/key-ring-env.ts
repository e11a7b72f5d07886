import { ValidationError } from '@srw/errors';
import { z } from 'zod';
import { parseKeyRing, type KeyRingConfig } from './key-ring';

/**
 * The vault's key ring as services read it from the environment: `VAULT_KEYS` is
 * `<keyId>:<32 bytes in base64>` separated by commas (key ids never contain `:`; old keys stay listed
 * until re-encrypted), `VAULT_CURRENT_KEY_ID` the one that encrypts new records. One definition for
 * every service that opens the vault, so they all accept and refuse the same settings.
 */
export const keyRingEnv = {
  VAULT_KEYS: z.string().transform((value, ctx): Record<string, string> => {
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
  }),
  VAULT_CURRENT_KEY_ID: z.string().min(1),
};

export interface KeyRingEnv {
  VAULT_KEYS: Record<string, string>;
  VAULT_CURRENT_KEY_ID: string;
}

export function keyRingOf(config: KeyRingEnv): KeyRingConfig {
  return { currentKeyId: config.VAULT_CURRENT_KEY_ID, keys: config.VAULT_KEYS };
}

/**
 * A `superRefine` step checking the ring whole at start-up, so a bad key stops the start together
 * with every other bad setting, each issue named by its variable and never echoing a key.
 */
export function refineKeyRing(config: KeyRingEnv, ctx: z.RefinementCtx): void {
  try {
    parseKeyRing(keyRingOf(config));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) {
      const variable = issue.path === 'currentKeyId' ? 'VAULT_CURRENT_KEY_ID' : 'VAULT_KEYS';
      ctx.addIssue({ code: 'custom', path: [variable], message: `${issue.path}: ${issue.message}` });
    }
  }
}

/** The ring of a service that may run without one (it then keeps no per-tenant secrets): both variables or neither. */
export const optionalKeyRingEnv = { VAULT_KEYS: keyRingEnv.VAULT_KEYS.optional(), VAULT_CURRENT_KEY_ID: keyRingEnv.VAULT_CURRENT_KEY_ID.optional() };

/** {@link refineKeyRing} for {@link optionalKeyRingEnv}: both set and valid, or neither. */
export function refineOptionalKeyRing(config: Partial<KeyRingEnv>, ctx: z.RefinementCtx): void {
  if ((config.VAULT_KEYS === undefined) !== (config.VAULT_CURRENT_KEY_ID === undefined)) {
    const missing = config.VAULT_KEYS === undefined ? 'VAULT_KEYS' : 'VAULT_CURRENT_KEY_ID';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'VAULT_KEYS and VAULT_CURRENT_KEY_ID are set together or not at all' });
    return;
  }
  if (config.VAULT_KEYS !== undefined && config.VAULT_CURRENT_KEY_ID !== undefined) refineKeyRing({ VAULT_KEYS: config.VAULT_KEYS, VAULT_CURRENT_KEY_ID: config.VAULT_CURRENT_KEY_ID }, ctx);
}

/** The ring when both variables are set, else undefined. */
export const optionalKeyRingOf = (config: Partial<KeyRingEnv>): KeyRingConfig | undefined =>
  config.VAULT_KEYS !== undefined && config.VAULT_CURRENT_KEY_ID !== undefined ? keyRingOf({ VAULT_KEYS: config.VAULT_KEYS, VAULT_CURRENT_KEY_ID: config.VAULT_CURRENT_KEY_ID }) : undefined;
