import { ConflictError } from '@srw/errors';
import type { GrantTokens, TokenVault } from './token-vault.port';

/**
 * One tenant's view of the vault, shaped as the SR client's `TokenStore`
 * (libs/smartrecruiters/src/oauth/token-store.ts). It is declared here rather than imported because a
 * `scope:shared` library may not depend on the `scope:sr` one; a spec in libs/smartrecruiters proves
 * the two stay assignable.
 */
export interface TenantTokenStore {
  read(): Promise<GrantTokens | undefined>;
  /** Stores `next` iff the stored refresh token is `expectedRefreshToken` (undefined: none stored yet). */
  compareAndSwap(expectedRefreshToken: string | undefined, next: GrantTokens): Promise<boolean>;
}

export function tokenStoreFor(vault: TokenVault, tenant: string): TenantTokenStore {
  return {
    async read() {
      const grant = await vault.read(tenant);
      if (!grant) return undefined;
      const { version: _version, ...tokens } = grant;
      return tokens;
    },
    async compareAndSwap(expectedRefreshToken, next) {
      if (expectedRefreshToken !== undefined) return vault.compareAndSwap(tenant, expectedRefreshToken, next);
      try {
        await vault.create(tenant, next);
        return true;
      } catch (error) {
        // Someone stored a grant first: the swap from "none" lost, as the interface says.
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },
  };
}
