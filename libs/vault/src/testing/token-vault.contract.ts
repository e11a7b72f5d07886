import { randomUUID } from 'node:crypto';
import { ConflictError } from '@srw/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, TokenCipher } from '../crypto/token-cipher';
import type { GrantTokens, TokenVault } from '../token-vault/token-vault.port';
import { barrier } from './barrier';
import { testKeyRing } from './test-keys';

export interface TokenVaultHarness {
  /** A new vault instance on the shared storage: a separate connection, as another replica would have. */
  open(cipher: TokenCipher): Promise<TokenVault>;
  /** Everything the storage holds, as raw text, read behind the adapter's back. */
  rawDump(): Promise<string>;
  cleanup?(): Promise<void>;
}

const hour = 60 * 60_000;

/** The one contract every token-vault adapter passes. */
export function tokenVaultContract(adapter: string, harness: () => TokenVaultHarness): void {
  describe(`token vault contract: ${adapter}`, () => {
    const h = harness();
    const cipher = TokenCipher.fromConfig(testKeyRing('k1'));
    const run = randomUUID().slice(0, 8);
    const tenant = (name: string) => `${name}-${run}`;
    // Tokens unique per run and per case, so a raw-dump search cannot hit another case's record.
    const tokens = (label: string, expiresAt = Date.UTC(2026, 0, 1) + hour): GrantTokens => ({
      accessToken: `AT-${label}-${run}`,
      refreshToken: `RT-${label}-${run}`,
      expiresAt,
      scopes: ['candidates_read', 'jobs_read'],
    });
    const opened: TokenVault[] = [];
    const open = async (c = cipher) => {
      const vault = await h.open(c);
      opened.push(vault);
      return vault;
    };
    let vault: TokenVault;

    beforeAll(async () => {
      vault = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((v) => v.close()));
      await h.cleanup?.();
    });

    it('creates a grant at version 1 and reads it back', async () => {
      const t = tenant('create');
      expect(await vault.read(t)).toBeUndefined();
      expect(await vault.create(t, tokens('c1'))).toEqual({ ...tokens('c1'), version: 1 });
      expect(await vault.read(t)).toEqual({ ...tokens('c1'), version: 1 });
    });

    it('refuses a second create for the same tenant with ConflictError and keeps the first', async () => {
      const t = tenant('twice');
      await vault.create(t, tokens('first'));
      await expect(vault.create(t, tokens('second'))).rejects.toBeInstanceOf(ConflictError);
      expect((await vault.read(t))?.refreshToken).toBe(tokens('first').refreshToken);
    });

    it('never stores a token in the clear', async () => {
      const t = tenant('raw');
      await vault.create(t, tokens('raw1'));
      await vault.compareAndSwap(t, tokens('raw1').refreshToken, tokens('raw2'));
      const dump = await h.rawDump();
      expect(dump).toContain(t);
      for (const secret of [...Object.values(tokens('raw1')), ...Object.values(tokens('raw2'))].filter((v) => typeof v === 'string')) {
        expect(dump).not.toContain(secret);
      }
    });

    describe('compareAndSwap', () => {
      it('swaps when the expected refresh token matches, bumping the version; refuses stale or unknown ones', async () => {
        const t = tenant('cas');
        await vault.create(t, tokens('v1'));
        expect(await vault.compareAndSwap(t, 'RT-not-it', tokens('x'))).toBe(false);
        expect(await vault.compareAndSwap(t, tokens('v1').refreshToken, tokens('v2'))).toBe(true);
        expect(await vault.read(t)).toEqual({ ...tokens('v2'), version: 2 });
        // A single-use token already spent: a slow replica holding it must lose.
        expect(await vault.compareAndSwap(t, tokens('v1').refreshToken, tokens('v3'))).toBe(false);
        expect(await vault.read(t)).toEqual({ ...tokens('v2'), version: 2 });
      });

      it('returns false for a tenant with no grant and creates nothing', async () => {
        const t = tenant('cas-none');
        expect(await vault.compareAndSwap(t, 'RT-any', tokens('n'))).toBe(false);
        expect(await vault.read(t)).toBeUndefined();
      });

      it('lets exactly one of 50 concurrent swappers on one expected value win, across 3 instances, round after round', async () => {
        const t = tenant('race');
        await vault.create(t, tokens('start'));
        const replicas = [vault, await open(), await open()];
        let expected = tokens('start');
        for (let round = 1; round <= 5; round++) {
          const gate = barrier(50);
          const results = await Promise.all(
            Array.from({ length: 50 }, async (_, n) => {
              await gate.arrive();
              return replicas[n % replicas.length]!.compareAndSwap(t, expected.refreshToken, tokens(`r${round}-${n}`));
            }),
          );
          expect(results.filter(Boolean), `winners in round ${round}`).toHaveLength(1);
          expected = tokens(`r${round}-${results.indexOf(true)}`);
          expect(await replicas[round % replicas.length]!.read(t)).toEqual({ ...expected, version: round + 1 });
        }
      });
    });

    it('keeps tenants apart: one tenant\'s swap, delete or token never touches another\'s grant', async () => {
      const [a, b] = [tenant('iso-a'), tenant('iso-b')];
      await vault.create(a, tokens('shared'));
      await vault.create(b, tokens('shared'));
      expect(await vault.compareAndSwap(a, tokens('shared').refreshToken, tokens('a2'))).toBe(true);
      expect(await vault.read(b)).toEqual({ ...tokens('shared'), version: 1 });
      expect(await vault.compareAndSwap(b, tokens('a2').refreshToken, tokens('b2'))).toBe(false);
      expect(await vault.delete(a)).toBe(true);
      expect(await vault.read(b)).toEqual({ ...tokens('shared'), version: 1 });
    });

    it('deletes a grant, after which it reads as absent and can be created again', async () => {
      const t = tenant('delete');
      await vault.create(t, tokens('d1'));
      expect(await vault.delete(t)).toBe(true);
      expect(await vault.read(t)).toBeUndefined();
      expect(await vault.delete(t)).toBe(false);
      expect(await vault.compareAndSwap(t, tokens('d1').refreshToken, tokens('d2'))).toBe(false);
      expect(await vault.create(t, tokens('d3'))).toEqual({ ...tokens('d3'), version: 1 });
    });

    it('is durable: a new instance on the same storage reads what a closed one wrote', async () => {
      const t = tenant('reopen');
      const first = await h.open(cipher);
      await first.create(t, tokens('r1'));
      await first.close();
      const second = await open();
      expect(await second.read(t)).toEqual({ ...tokens('r1'), version: 1 });
    });

    it('survives a key rotation: old records read and swap under the new ring, new writes use the new key', async () => {
      const t = tenant('rotate');
      await vault.create(t, tokens('old'));
      const rotated = await open(TokenCipher.fromConfig(testKeyRing('k2', ['k1', 'k2'])));
      expect((await rotated.read(t))?.refreshToken).toBe(tokens('old').refreshToken);
      expect(await rotated.compareAndSwap(t, tokens('old').refreshToken, tokens('new'))).toBe(true);
      expect(await rotated.read(t)).toEqual({ ...tokens('new'), version: 2 });
      // The old ring no longer knows the key the record is under.
      await expect(vault.read(t)).rejects.toBeInstanceOf(DecryptionError);
    });
  });
}
