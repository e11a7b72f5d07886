import { ConflictError } from '@srw/errors';
import type { TokenCipher } from '../crypto/token-cipher';
import { checkTenant, GrantCodec, type SealedGrant } from '../token-vault/grant-codec';
import type { GrantTokens, StoredGrant, TokenVault } from '../token-vault/token-vault.port';

/** What in-memory vaults share when they stand for replicas of one store. */
export type InMemoryVaultStorage = Map<string, SealedGrant & { version: number }>;

/**
 * The in-process twin of {@link TokenVault}, for unit specs of its users. It seals like the real
 * adapters (the contract's raw-storage check holds), and its methods do their check and write in one
 * synchronous step, so concurrent callers in the process cannot interleave.
 */
export class InMemoryTokenVault implements TokenVault {
  private readonly codec: GrantCodec;

  constructor(
    cipher: TokenCipher,
    readonly storage: InMemoryVaultStorage = new Map(),
  ) {
    this.codec = new GrantCodec(cipher);
  }

  async read(tenant: string): Promise<StoredGrant | undefined> {
    checkTenant(tenant);
    const record = this.storage.get(tenant);
    return record ? this.codec.open(tenant, record, record.version) : undefined;
  }

  async create(tenant: string, tokens: GrantTokens): Promise<StoredGrant> {
    checkTenant(tenant);
    const sealed = this.codec.seal(tenant, tokens);
    if (this.storage.has(tenant)) throw new ConflictError(`tenant ${tenant} already has a stored SR grant`);
    this.storage.set(tenant, { ...sealed, version: 1 });
    return { ...tokens, scopes: [...tokens.scopes], version: 1 };
  }

  async compareAndSwap(tenant: string, expectedRefreshToken: string, next: GrantTokens): Promise<boolean> {
    checkTenant(tenant);
    const sealed = this.codec.seal(tenant, next);
    const record = this.storage.get(tenant);
    if (!record || !this.codec.expectedFingerprints(tenant, expectedRefreshToken).includes(record.refreshFingerprint)) return false;
    this.storage.set(tenant, { ...sealed, version: record.version + 1 });
    return true;
  }

  async delete(tenant: string): Promise<boolean> {
    checkTenant(tenant);
    return this.storage.delete(tenant);
  }

  async close(): Promise<void> {}
}
