import { ValidationError } from '@srw/errors';
import type { TokenCipher } from '../crypto/token-cipher';

/**
 * The signing keys of each tenant's webhook subscription (SR's `X-Hook-Secret` subscriptions sign
 * every delivery with each live key), so that any replica, and a restarted one, verifies deliveries.
 * Keys are stored encrypted by the vault's key ring (`TokenCipher`, bound to the tenant), found again
 * by a keyed fingerprint, never in the clear.
 */
export interface WebhookKeyStore {
  /**
   * The tenant's keys, newest first, at most {@link webhookKeysKept}: SR keeps a replaced key valid for
   * 24 h beside the new one, and allows 16 live keys. None for a tenant without a subscription.
   * @throws DecryptionError when a stored key is under a ring key the ring no longer holds.
   */
  keysOf(tenant: string): Promise<readonly string[]>;
  /**
   * Adds a key; remembering a key the tenant has (even under an older ring key) changes nothing.
   * Any number of concurrent callers, in any number of processes, store it once.
   */
  remember(tenant: string, key: string): Promise<void>;
  /** Removes every key of the tenant (disconnected): its deliveries are refused from then on. Idempotent. */
  forget(tenant: string): Promise<void>;
  close(): Promise<void>;
}

/** SR allows 16 live secret keys per subscription. */
export const webhookKeysKept = 16;

/** What binds a stored key to its use: a ciphertext copied from another record fails to open. */
const purpose = 'webhook-signing-key';

/** Encrypts, opens and fingerprints keys for both adapters. */
export class WebhookKeyCodec {
  constructor(private readonly cipher: TokenCipher) {}

  seal(tenant: string, key: string): { fingerprint: string; ciphertext: string } {
    return { fingerprint: this.cipher.fingerprint(key, { tenant, purpose }), ciphertext: this.cipher.encrypt(key, { tenant, purpose }) };
  }

  /** The key's fingerprint under every ring key: one stored before a rotation still matches. */
  fingerprints(tenant: string, key: string): string[] {
    return this.cipher.fingerprints(key, { tenant, purpose });
  }

  open(tenant: string, ciphertext: string): string {
    return this.cipher.decrypt(ciphertext, { tenant, purpose });
  }
}

export function checkWebhookKey(tenant: string, key?: string): void {
  const issues = [];
  if (typeof tenant !== 'string' || tenant === '') issues.push({ path: 'tenant', message: 'must be a non-empty string' });
  if (key !== undefined && (typeof key !== 'string' || key === '')) issues.push({ path: 'key', message: 'must be a non-empty string' });
  if (issues.length > 0) throw new ValidationError('webhook signing key', issues);
}
