import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NonceStore } from '../oauth-state/nonce-store.port';
import { barrier } from './barrier';

export interface NonceStoreHarness {
  /** A new store instance on the shared storage (a separate connection, as another replica would have). */
  open(): Promise<NonceStore>;
  cleanup?(): Promise<void>;
}

/** The one contract every nonce-store adapter passes. */
export function nonceStoreContract(adapter: string, harness: () => NonceStoreHarness): void {
  describe(`nonce store contract: ${adapter}`, () => {
    const h = harness();
    const run = randomUUID().slice(0, 8);
    const nonce = (name: string) => `${name}-${run}`;
    // Far from any real clock and distinct per run, so purges of this run never touch another's nonces.
    const base = 1_000_000 + Number.parseInt(run, 16);
    const opened: NonceStore[] = [];
    const open = async () => {
      const store = await h.open();
      opened.push(store);
      return store;
    };
    let store: NonceStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    it('lets the first claim of a nonce win and refuses every later one', async () => {
      expect(await store.claim(nonce('a'), base + 600_000)).toBe(true);
      expect(await store.claim(nonce('a'), base + 600_000)).toBe(false);
      expect(await store.claim(nonce('a'), base + 900_000)).toBe(false);
      expect(await store.claim(nonce('b'), base + 600_000)).toBe(true);
    });

    it('lets exactly one of 50 concurrent claims win, across 3 instances', async () => {
      const replicas = [store, await open(), await open()];
      const gate = barrier(50);
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, n) => {
          await gate.arrive();
          return replicas[n % replicas.length]!.claim(nonce('race'), base + 600_000);
        }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('purges nonces whose expiry has passed and keeps the others', async () => {
      await store.claim(nonce('old'), base + 10);
      await store.claim(nonce('edge'), base + 20);
      await store.claim(nonce('live'), base + 10_000_000_000);
      expect(await store.purgeExpired(base + 20)).toBeGreaterThanOrEqual(2);
      // Purged: a claim succeeds again (the signer refuses such a state as expired before it asks).
      expect(await store.claim(nonce('old'), base + 30)).toBe(true);
      expect(await store.claim(nonce('edge'), base + 30)).toBe(true);
      expect(await store.claim(nonce('live'), base + 10_000_000_000)).toBe(false);
    });

    it('is durable: a new instance on the same storage refuses a nonce claimed by a closed one', async () => {
      const first = await h.open();
      expect(await first.claim(nonce('durable'), base + 10_000_000_000)).toBe(true);
      await first.close();
      expect(await (await open()).claim(nonce('durable'), base + 10_000_000_000)).toBe(false);
    });
  });
}
