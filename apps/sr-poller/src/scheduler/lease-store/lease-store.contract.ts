import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseStore } from './lease-store.port';

export interface LeaseStoreHarness {
  /** A new store on the shared storage (its own connection, as another replica would have). */
  open(): Promise<LeaseStore>;
  cleanup?(): Promise<void>;
}

/** Holds `parties` callers until the last arrives, so the racers really start together. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === parties) release();
    return open;
  };
}

const ttl = 30_000;

/** The one contract every lease-store adapter passes. Times are given, never read: no clock moves here. */
export function leaseStoreContract(adapter: string, harness: () => LeaseStoreHarness): void {
  describe(`lease store contract: ${adapter}`, () => {
    const h = harness();
    const run = randomUUID().slice(0, 8);
    const key = (name: string) => `${name}-${run}`;
    const now = 1_800_000_000_000;
    const opened: LeaseStore[] = [];
    const open = async () => {
      const store = await h.open();
      opened.push(store);
      return store;
    };
    let store: LeaseStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    it('of 50 concurrent claimers over 3 connections, exactly one gets the lease', async () => {
      const replicas = [store, await open(), await open()];
      const arrive = barrier(50);
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, n) => {
          await arrive();
          return replicas[n % replicas.length]!.acquire(key('race'), `owner-${n}`, ttl, now);
        }),
      );
      const winners = results.filter((lease) => lease !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.holder(key('race'), now)).toEqual(winners[0]);
    });

    it('a held lease is refused to another owner until it expires, then taken over; the old holder cannot renew it', async () => {
      const first = await store.acquire(key('expiry'), 'a', ttl, now);
      expect(first).toMatchObject({ owner: 'a', expiresAt: now + ttl });
      expect(await store.acquire(key('expiry'), 'b', ttl, now + ttl - 1)).toBeUndefined();

      const taken = await store.acquire(key('expiry'), 'b', ttl, now + ttl);
      expect(taken).toMatchObject({ owner: 'b', expiresAt: now + 2 * ttl });
      expect(await store.renew(first!, ttl, now + ttl)).toBeUndefined();
      expect(await store.release(first!, now + ttl)).toBe(false);
      expect((await store.holder(key('expiry'), now + ttl))?.owner).toBe('b');
    });

    it('renew extends the lease: no takeover at the old expiry; a stale copy of a renewed lease renews nothing', async () => {
      const first = (await store.acquire(key('renew'), 'a', ttl, now))!;
      const renewed = await store.renew(first, ttl, now + 20_000);
      expect(renewed).toMatchObject({ owner: 'a', expiresAt: now + 20_000 + ttl });
      expect(await store.acquire(key('renew'), 'b', ttl, now + ttl)).toBeUndefined();
      expect(await store.renew(first, ttl, now + 21_000)).toBeUndefined();

      let current = renewed!;
      for (let i = 1; i <= 5; i++) current = (await store.renew(current, ttl, now + 20_000 + i))!;
      expect(current.owner).toBe('a');
      expect(await store.renew(renewed!, ttl, now + 20_010)).toBeUndefined();
    });

    it('a renewal racing a takeover at the same term: exactly one wins', async () => {
      const other = await open();
      const lease = (await store.acquire(key('renew-race'), 'a', ttl, now))!;
      const arrive = barrier(2);
      const [renewed, taken] = await Promise.all([
        arrive().then(() => store.renew(lease, ttl, now + ttl - 1)),
        arrive().then(() => other.acquire(key('renew-race'), 'b', ttl, now + ttl)),
      ]);
      expect([renewed, taken].filter((l) => l !== undefined)).toHaveLength(1);
    });

    it('release frees the key at once for another owner; the owner may take its own lease again', async () => {
      const lease = (await store.acquire(key('release'), 'a', ttl, now))!;
      expect(await store.acquire(key('release'), 'a', ttl, now + 1)).toMatchObject({ owner: 'a' });
      const current = (await store.holder(key('release'), now + 1))!;
      expect(await store.release(current, now + 2)).toBe(true);
      expect(await store.holder(key('release'), now + 2)).toBeUndefined();
      expect(await store.acquire(key('release'), 'b', ttl, now + 2)).toMatchObject({ owner: 'b' });
      expect(await store.release(lease, now + 3)).toBe(false);
    });

    it('keys are independent, and a new connection sees the same holders', async () => {
      await store.acquire(key('k1'), 'a', ttl, now);
      await store.acquire(key('k2'), 'b', ttl, now);
      const later = await open();
      expect((await later.holder(key('k1'), now))?.owner).toBe('a');
      expect((await later.holder(key('k2'), now))?.owner).toBe('b');
      expect(await later.holder(key('k3'), now)).toBeUndefined();
    });
  });
}
