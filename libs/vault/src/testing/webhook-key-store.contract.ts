import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../crypto/token-cipher';
import { webhookKeysKept, type WebhookKeyStore } from '../webhook-keys/webhook-key-store.port';
import { barrier } from './barrier';
import { testKeyRing } from './test-keys';

export interface WebhookKeyStoreHarness {
  /** A new store instance on the shared storage: a separate connection, as another replica (or a restarted process) would have. */
  open(cipher: TokenCipher): Promise<WebhookKeyStore>;
  /** Everything the storage holds, as raw text, read behind the adapter's back. */
  rawDump(): Promise<string>;
  /** How many records the storage holds for the tenant, counted behind the adapter's back. */
  stored(tenant: string): Promise<number>;
  cleanup?(): Promise<void>;
}

/** The one contract every webhook-key-store adapter passes. */
export function webhookKeyStoreContract(adapter: string, harness: () => WebhookKeyStoreHarness): void {
  describe(`webhook key store contract: ${adapter}`, () => {
    const h = harness();
    const cipher = TokenCipher.fromConfig(testKeyRing('k1'));
    const run = randomUUID().slice(0, 8);
    const tenant = (name: string) => `${name}-${run}`;
    const secret = (name: string) => `${name}-${randomUUID()}`;
    const opened: WebhookKeyStore[] = [];
    const open = async (c = cipher) => {
      const store = await h.open(c);
      opened.push(store);
      return store;
    };
    let store: WebhookKeyStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    it('lists a tenant\'s keys newest first, each once however often it is remembered; none for an unknown tenant', async () => {
      const t = tenant('list');
      expect(await store.keysOf(t)).toEqual([]);
      const [older, newer] = [secret('older'), secret('newer')];
      await store.remember(t, older);
      await store.remember(t, newer);
      await store.remember(t, older);
      expect(await store.keysOf(t)).toEqual([newer, older]);
    });

    it(`keeps the newest ${webhookKeysKept} keys (SR's live-key limit)`, async () => {
      const t = tenant('prune');
      const keys = Array.from({ length: webhookKeysKept + 3 }, (_, n) => secret(`k${n}`));
      for (const key of keys) await store.remember(t, key);
      expect(await store.keysOf(t)).toEqual(keys.slice(3).reverse());
      expect(await h.stored(t)).toBe(webhookKeysKept);
    });

    it('is shared and durable: another instance, and a new one after a close, read the keys a closed one stored', async () => {
      const t = tenant('shared');
      const key = secret('shared');
      const first = await h.open(cipher);
      await first.remember(t, key);
      const replica = await open();
      expect(await replica.keysOf(t)).toEqual([key]);
      await first.close();
      expect(await (await open()).keysOf(t)).toEqual([key]);
    });

    it('stores one copy when 30 callers across 3 instances remember the same key at once', async () => {
      const t = tenant('race');
      const key = secret('race');
      const replicas = [store, await open(), await open()];
      const gate = barrier(30);
      await Promise.all(Array.from({ length: 30 }, async (_, n) => (await gate.arrive(), replicas[n % 3]!.remember(t, key))));
      expect(await store.keysOf(t)).toEqual([key]);
      expect(await h.stored(t)).toBe(1);
    });

    it('keeps tenants apart: forgetting one leaves the other, and is idempotent', async () => {
      const [a, b] = [tenant('iso-a'), tenant('iso-b')];
      const [keyA, keyB] = [secret('a'), secret('b')];
      await store.remember(a, keyA);
      await store.remember(b, keyB);
      expect(await store.keysOf(a)).toEqual([keyA]);
      await store.forget(a);
      await store.forget(a);
      expect(await store.keysOf(a)).toEqual([]);
      expect(await store.keysOf(b)).toEqual([keyB]);
    });

    it('stores keys only encrypted, and a forgotten tenant leaves nothing of them', async () => {
      const t = tenant('raw');
      const key = secret('raw');
      await store.remember(t, key);
      const dump = await h.rawDump();
      for (const form of [key, Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex')]) expect(dump).not.toContain(form);
      await store.forget(t);
      expect(await h.stored(t)).toBe(0);
    });

    it('opens under a rotated ring that still holds the old key and does not store a known key again; a ring that lost it fails', async () => {
      const t = tenant('rotate');
      const key = secret('rotate');
      await store.remember(t, key);
      const rotated = await open(TokenCipher.fromConfig(testKeyRing('k2', ['k1', 'k2'])));
      await rotated.remember(t, key);
      expect(await rotated.keysOf(t)).toEqual([key]);
      await expect((await open(TokenCipher.fromConfig(testKeyRing('k3')))).keysOf(t)).rejects.toThrow(/key ring does not hold/);
    });

    it('refuses an empty tenant or key with a ValidationError', async () => {
      await expect(store.remember('', 'k')).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(store.remember(tenant('v'), '')).rejects.toMatchObject({ code: 'VALIDATION' });
    });
  });
}
