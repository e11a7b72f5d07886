import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../crypto/token-cipher';
import type { WilloCredentialsStore } from '../willo-credentials/willo-credentials-store.port';
import { testKeyRing } from './test-keys';

export interface WilloCredentialsStoreHarness {
  /** A new store instance on the shared storage, as another replica (or a restarted process) would have. */
  open(cipher: TokenCipher): Promise<WilloCredentialsStore>;
  /** Everything the storage holds, as raw text, read behind the adapter's back. */
  rawDump(): Promise<string>;
  cleanup?(): Promise<void>;
}

/** The one contract every Willo-credentials-store adapter passes. */
export function willoCredentialsStoreContract(adapter: string, harness: () => WilloCredentialsStoreHarness): void {
  describe(`Willo credentials store contract: ${adapter}`, () => {
    const h = harness();
    const cipher = TokenCipher.fromConfig(testKeyRing('k1'));
    const run = randomUUID().slice(0, 8);
    const tenant = (name: string) => `${name}-${run}`;
    const apiKey = (name: string) => `${name}-${randomUUID()}`;
    const at = new Date('2026-03-01T10:00:00.000Z');
    const opened: WilloCredentialsStore[] = [];
    const open = async (c = cipher) => {
      const store = await h.open(c);
      opened.push(store);
      return store;
    };
    let store: WilloCredentialsStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    it('answers nothing for a tenant without a key, and the key with its metadata once set', async () => {
      const t = tenant('set');
      const key = apiKey('set');
      expect(await store.credentialOf(t)).toBeUndefined();
      expect(await store.metadataOf(t)).toBeUndefined();
      const metadata = await store.set(t, key, at);
      expect(metadata).toEqual({ tenant: t, keyId: 'k1', version: expect.any(String), lastFour: key.slice(-4), updatedAt: at.toISOString() });
      expect(await store.metadataOf(t)).toEqual(metadata);
      expect(await store.credentialOf(t)).toEqual({ apiKey: key, version: metadata.version });
    });

    it('never shows the key in its metadata', async () => {
      const t = tenant('meta');
      const key = apiKey('meta');
      await store.set(t, key, at);
      expect(JSON.stringify(await store.metadataOf(t))).not.toContain(key.slice(0, -4));
    });

    it('replaces the key on a second set, with a new version, seen by another instance', async () => {
      const t = tenant('replace');
      const [first, second] = [apiKey('first'), apiKey('second')];
      const v1 = (await store.set(t, first, at)).version;
      const later = new Date(at.getTime() + 60_000);
      const v2 = (await store.set(t, second, later)).version;
      expect(v2).not.toBe(v1);
      const replica = await open();
      expect(await replica.credentialOf(t)).toEqual({ apiKey: second, version: v2 });
      expect((await replica.metadataOf(t))?.updatedAt).toBe(later.toISOString());
    });

    it('keeps tenants apart: deleting one leaves the other, and is idempotent', async () => {
      const [a, b] = [tenant('iso-a'), tenant('iso-b')];
      const [keyA, keyB] = [apiKey('a'), apiKey('b')];
      await store.set(a, keyA, at);
      await store.set(b, keyB, at);
      expect((await store.credentialOf(a))?.apiKey).toBe(keyA);
      expect(await store.delete(a)).toBe(true);
      expect(await store.delete(a)).toBe(false);
      expect(await store.credentialOf(a)).toBeUndefined();
      expect((await store.credentialOf(b))?.apiKey).toBe(keyB);
    });

    it('stores keys only encrypted, and a deleted tenant leaves nothing of its key', async () => {
      const t = tenant('raw');
      const key = apiKey('raw');
      await store.set(t, key, at);
      const dump = await h.rawDump();
      for (const form of [key, Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex')]) expect(dump).not.toContain(form);
      await store.delete(t);
      expect(await h.rawDump()).not.toContain(t);
    });

    it('opens under a rotated ring that still holds the old key (keeping its key id); a ring that lost it fails', async () => {
      const t = tenant('rotate');
      const key = apiKey('rotate');
      await store.set(t, key, at);
      const rotated = await open(TokenCipher.fromConfig(testKeyRing('k2', ['k1', 'k2'])));
      expect((await rotated.credentialOf(t))?.apiKey).toBe(key);
      expect((await rotated.metadataOf(t))?.keyId).toBe('k1');
      expect((await rotated.set(t, key, at)).keyId).toBe('k2');
      await expect((await open(TokenCipher.fromConfig(testKeyRing('k3')))).credentialOf(t)).rejects.toThrow(/key ring does not hold/);
    });

    it('refuses an empty tenant or a too-short key with a ValidationError', async () => {
      await expect(store.set('', 'long-enough-key', at)).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(store.set(tenant('v'), 'short', at)).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(store.credentialOf('')).rejects.toMatchObject({ code: 'VALIDATION' });
    });
  });
}
