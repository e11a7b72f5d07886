import type { TenantTokenStore } from '@srw/vault';
import { expectTypeOf, it } from 'vitest';
import type { TokenStore } from './token-store';

// The vault (scope:shared) may not import this library, so it declares the same shape itself; this
// check fails the typecheck the day the two drift apart.
it('the vault\'s per-tenant token store is a TokenStore, and the other way round', () => {
  expectTypeOf<TenantTokenStore>().toExtend<TokenStore>();
  expectTypeOf<TokenStore>().toExtend<TenantTokenStore>();
});
