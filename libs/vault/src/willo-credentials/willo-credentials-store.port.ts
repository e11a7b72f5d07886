import { ValidationError } from '@srw/errors';
import type { TokenCipher } from '../crypto/token-cipher';

/** What may be shown about a tenant's Willo API key: never the key itself. */
export interface WilloCredentialMetadata {
  tenant: string;
  /** The vault ring key that sealed it: a key sealed before a rotation shows the old id. */
  keyId: string;
  /** Changes whenever the key is replaced, so a client cached for one version is not used for the next. */
  version: string;
  /** The last 4 characters, so an operator can tell which key is set. */
  lastFour: string;
  updatedAt: string;
}

export interface WilloCredential {
  apiKey: string;
  version: string;
}

/**
 * Each tenant's own Willo organisation API key, encrypted by the vault's key ring (`TokenCipher`,
 * bound to the tenant). One key per tenant: setting replaces it.
 */
export interface WilloCredentialsStore {
  /** Stores (or replaces) the tenant's key; answers the metadata only. */
  set(tenant: string, apiKey: string, at: Date): Promise<WilloCredentialMetadata>;
  /**
   * The tenant's key, for building its Willo client; undefined when it has none.
   * @throws DecryptionError when it is under a ring key the ring no longer holds.
   */
  credentialOf(tenant: string): Promise<WilloCredential | undefined>;
  /** The metadata of the tenant's key, never the key; undefined when it has none. */
  metadataOf(tenant: string): Promise<WilloCredentialMetadata | undefined>;
  /** Removes the tenant's key; true when there was one. Idempotent. */
  delete(tenant: string): Promise<boolean>;
  close(): Promise<void>;
}

/** What binds a stored key to its use: a ciphertext copied from another record fails to open. */
const purpose = 'willo-api-key';

/** The stored form of one tenant's key, the same for both adapters. */
export interface SealedWilloCredential {
  tenant: string;
  ciphertext: string;
  keyId: string;
  version: string;
  lastFour: string;
  updatedAt: string;
}

export class WilloCredentialCodec {
  constructor(private readonly cipher: TokenCipher) {}

  seal(tenant: string, apiKey: string, at: Date): SealedWilloCredential {
    return {
      tenant,
      ciphertext: this.cipher.encrypt(apiKey, { tenant, purpose }),
      keyId: this.cipher.currentKeyId,
      version: this.cipher.fingerprint(apiKey, { tenant, purpose }).slice(0, 24),
      lastFour: apiKey.slice(-4),
      updatedAt: at.toISOString(),
    };
  }

  open(sealed: SealedWilloCredential): WilloCredential {
    return { apiKey: this.cipher.decrypt(sealed.ciphertext, { tenant: sealed.tenant, purpose }), version: sealed.version };
  }
}

export const metadataOfSealed = ({ tenant, keyId, version, lastFour, updatedAt }: SealedWilloCredential): WilloCredentialMetadata => ({
  tenant,
  keyId,
  version,
  lastFour,
  updatedAt,
});

export function checkWilloCredential(tenant: string, apiKey?: string): void {
  const issues = [];
  if (typeof tenant !== 'string' || tenant === '') issues.push({ path: 'tenant', message: 'must be a non-empty string' });
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim().length < 8)) {
    issues.push({ path: 'apiKey', message: 'must be a string of at least 8 characters' });
  }
  if (issues.length > 0) throw new ValidationError('Willo API key', issues);
}
