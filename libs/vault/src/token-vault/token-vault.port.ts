/** The tokens of one tenant's SR grant. `expiresAt` is epoch ms of the access token's expiry. */
export interface GrantTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  scopes: string[];
}

/** A stored grant: `version` is 1 on create and grows by one on every successful swap. */
export interface StoredGrant extends GrantTokens {
  version: number;
}

/**
 * The per-tenant store of SR grants. Tokens are encrypted at rest (AES-256-GCM bound to the tenant)
 * and the refresh token is matched through a keyed hash, so the database never holds either in the
 * clear. Every operation names its tenant and touches only that tenant's record.
 */
export interface TokenVault {
  /** The tenant's grant, or undefined when none is stored. @throws DecryptionError if the record cannot be opened. */
  read(tenant: string): Promise<StoredGrant | undefined>;
  /** Stores the first grant of a tenant (version 1). @throws ConflictError if the tenant already has one. */
  create(tenant: string, tokens: GrantTokens): Promise<StoredGrant>;
  /**
   * Replaces the grant iff its refresh token is still `expectedRefreshToken`, and says whether it did.
   * SR refresh tokens are single use: of any number of concurrent callers with the same expected value,
   * in any number of processes, exactly one gets true. False also when the tenant has no grant.
   */
  compareAndSwap(tenant: string, expectedRefreshToken: string, next: GrantTokens): Promise<boolean>;
  /** Forgets the tenant's grant; true when there was one. */
  delete(tenant: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The cipher contexts of the two secrets: distinct purposes, so the fields cannot be swapped. */
export const accessTokenPurpose = 'sr-access-token';
export const refreshTokenPurpose = 'sr-refresh-token';
