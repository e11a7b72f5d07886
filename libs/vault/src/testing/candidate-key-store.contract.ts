import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateShreddedError, type CandidateKeyStore } from '../candidate-keys/candidate-key-store.port';
import { TokenCipher } from '../crypto/token-cipher';
import { barrier } from './barrier';
import { testKeyRing } from './test-keys';

export interface CandidateKeyStoreHarness {
  /** A new store instance on the shared storage: a separate connection, as another replica would have. */
  open(cipher: TokenCipher): Promise<CandidateKeyStore>;
  /** Everything the storage holds, as raw text, read behind the adapter's back. */
  rawDump(): Promise<string>;
  cleanup?(): Promise<void>;
}

const shredTime = new Date(Date.UTC(2026, 11, 2, 4, 0, 0));

/** The one contract every candidate-key-store adapter passes. */
export function candidateKeyStoreContract(adapter: string, harness: () => CandidateKeyStoreHarness): void {
  describe(`candidate key store contract: ${adapter}`, () => {
    const h = harness();
    const cipher = TokenCipher.fromConfig(testKeyRing('k1'));
    const run = randomUUID().slice(0, 8);
    const tenant = (name: string) => `${name}-${run}`;
    const opened: CandidateKeyStore[] = [];
    const open = async (c = cipher) => {
      const store = await h.open(c);
      opened.push(store);
      return store;
    };
    let store: CandidateKeyStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    it('creates a 32-byte key on first use and returns the same one after', async () => {
      const t = tenant('create');
      expect(await store.find(t, 'c1')).toBeUndefined();
      const key = await store.keyFor(t, 'c1');
      expect(key.key).toHaveLength(32);
      expect(key.keyId).not.toBe('');
      expect(await store.keyFor(t, 'c1')).toEqual(key);
      expect(await store.find(t, 'c1')).toEqual(key);
      expect((await store.keyFor(t, 'c2')).key.equals(key.key)).toBe(false);
    });

    it('gives all of 50 concurrent first callers across 3 instances one and the same key', async () => {
      const t = tenant('race');
      const replicas = [store, await open(), await open()];
      const gate = barrier(50);
      const keys = await Promise.all(
        Array.from({ length: 50 }, async (_, n) => {
          await gate.arrive();
          return replicas[n % replicas.length]!.keyFor(t, 'racer');
        }),
      );
      expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
      expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
      expect(await replicas[1]!.find(t, 'racer')).toEqual(keys[0]);
    });

    it('keeps tenants apart: the same candidate id has its own key per tenant, and a shred touches one', async () => {
      const [a, b] = [tenant('iso-a'), tenant('iso-b')];
      const keyA = await store.keyFor(a, 'same');
      const keyB = await store.keyFor(b, 'same');
      expect(keyA.key.equals(keyB.key)).toBe(false);
      expect(await store.shred(a, 'same', shredTime)).toBe(true);
      expect(await store.find(a, 'same')).toBeUndefined();
      expect(await store.find(b, 'same')).toEqual(keyB);
    });

    it('shreds for good: find is undefined, keyFor refuses to make a new key, a repeated shred is a no-op', async () => {
      const t = tenant('shred');
      await store.keyFor(t, 'gone');
      expect(await store.shred(t, 'gone', shredTime)).toBe(true);
      expect(await store.find(t, 'gone')).toBeUndefined();
      expect(await store.isShredded(t, 'gone')).toBe(true);
      await expect(store.keyFor(t, 'gone')).rejects.toBeInstanceOf(CandidateShreddedError);
      expect(await store.shred(t, 'gone', shredTime)).toBe(false);
      // Another instance sees the tombstone too.
      await expect((await open()).keyFor(t, 'gone')).rejects.toBeInstanceOf(CandidateShreddedError);
    });

    it('shreds a candidate that never had a key, so none is made later', async () => {
      const t = tenant('pre-shred');
      expect(await store.shred(t, 'never', shredTime)).toBe(false);
      expect(await store.isShredded(t, 'never')).toBe(true);
      await expect(store.keyFor(t, 'never')).rejects.toBeInstanceOf(CandidateShreddedError);
    });

    it('ends shredded whatever the order when a shred races 20 first keyFor calls', async () => {
      const t = tenant('shred-race');
      const gate = barrier(21);
      const outcomes = await Promise.allSettled([
        (async () => (await gate.arrive(), store.shred(t, 'x', shredTime)))(),
        ...Array.from({ length: 20 }, async () => (await gate.arrive(), store.keyFor(t, 'x'))),
      ]);
      for (const o of outcomes.slice(1)) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(CandidateShreddedError);
      expect(outcomes[0]?.status).toBe('fulfilled');
      expect(await store.find(t, 'x')).toBeUndefined();
      await expect(store.keyFor(t, 'x')).rejects.toBeInstanceOf(CandidateShreddedError);
    });

    it('is durable: a new instance on the same storage returns the key a closed one made', async () => {
      const t = tenant('reopen');
      const first = await h.open(cipher);
      const key = await first.keyFor(t, 'c');
      await first.close();
      expect(await (await open()).find(t, 'c')).toEqual(key);
    });

    it('stores keys only wrapped by the master ring, and after a shred not even that', async () => {
      const t = tenant('raw');
      const key = await store.keyFor(t, 'wrapped');
      const dump = await h.rawDump();
      expect(dump).toContain(key.keyId);
      for (const form of ['base64', 'hex', 'base64url'] as const) expect(dump).not.toContain(key.key.toString(form));
      await store.shred(t, 'wrapped', shredTime);
      expect(await h.rawDump()).not.toContain(key.keyId);
    });

    it('unwraps under a rotated ring that still holds the old master key, and fails under a ring that lost it', async () => {
      const t = tenant('rotate');
      const key = await store.keyFor(t, 'r');
      expect(await (await open(TokenCipher.fromConfig(testKeyRing('k2', ['k1', 'k2'])))).find(t, 'r')).toEqual(key);
      await expect((await open(TokenCipher.fromConfig(testKeyRing('k3')))).find(t, 'r')).rejects.toThrow(/key ring does not hold/);
    });
  });
}
