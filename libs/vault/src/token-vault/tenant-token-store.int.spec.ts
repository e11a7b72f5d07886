import { describe, expect, it } from 'vitest';
import { TokenCipher } from '../crypto/token-cipher';
import { testKeyRing } from '../testing/test-keys';
import { SqliteTokenVault } from './embedded/sqlite-token-vault';
import { tokenStoreFor } from './tenant-token-store';

const tokens = (n: number) => ({ accessToken: `AT${n}`, refreshToken: `RT${n}`, expiresAt: 1_000 * n, scopes: ['jobs_read'] });

describe('tokenStoreFor', () => {
  const open = () => new SqliteTokenVault(':memory:', TokenCipher.fromConfig(testKeyRing()));

  it('reads one tenant\'s tokens without the version, and swaps them by refresh token', async () => {
    const vault = open();
    const acme = tokenStoreFor(vault, 'acme');
    expect(await acme.read()).toBeUndefined();
    expect(await acme.compareAndSwap(undefined, tokens(1))).toBe(true);
    expect(await acme.read()).toEqual(tokens(1));
    expect(await acme.compareAndSwap('RT0', tokens(2))).toBe(false);
    expect(await acme.compareAndSwap('RT1', tokens(2))).toBe(true);
    expect(await acme.read()).toEqual(tokens(2));
    expect(await tokenStoreFor(vault, 'globex').read()).toBeUndefined();
    await vault.close();
  });

  it('answers false to a swap from "none" when a grant is already stored', async () => {
    const vault = open();
    await vault.create('acme', tokens(1));
    expect(await tokenStoreFor(vault, 'acme').compareAndSwap(undefined, tokens(2))).toBe(false);
    expect((await vault.read('acme'))?.refreshToken).toBe('RT1');
    await vault.close();
  });
});
