import { ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { testKey, testKeyRing } from '../testing/test-keys';
import { DecryptionError, TokenCipher } from './token-cipher';

const acme = { tenant: 'acme', purpose: 'sr-refresh-token' };
const secret = 'refresh-token-0123456789';

/** Flips one bit of one base64url part of a ciphertext (0 version, 1 key id, 2 IV, 3 tag, 4 data). */
function flipBit(ciphertext: string, part: number): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('TokenCipher', () => {
  const cipher = TokenCipher.fromConfig(testKeyRing('k1'));

  it('round-trips a secret, with a fresh IV on every encryption', () => {
    const a = cipher.encrypt(secret, acme);
    const b = cipher.encrypt(secret, acme);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(cipher.decrypt(a, acme)).toBe(secret);
    expect(cipher.decrypt(b, acme)).toBe(secret);
    const [version, keyId, iv, tag] = a.split('.');
    expect([version, keyId]).toEqual(['v1', 'k1']);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
  });

  it('round-trips the empty string and non-ASCII text', () => {
    for (const text of ['', 'Zoë – 東京 🔑']) expect(cipher.decrypt(cipher.encrypt(text, acme), acme)).toBe(text);
  });

  it('refuses a ciphertext with any bit of its IV, tag or data flipped', () => {
    const sealed = cipher.encrypt(secret, acme);
    for (const part of [2, 3, 4]) expect(() => cipher.decrypt(flipBit(sealed, part), acme)).toThrow(DecryptionError);
  });

  it('refuses a malformed ciphertext and one relabelled with another known key id', () => {
    expect(() => cipher.decrypt('not a ciphertext', acme)).toThrow(/malformed/);
    expect(() => cipher.decrypt(cipher.encrypt(secret, acme).replace(/^v1\./, 'v2.'), acme)).toThrow(/malformed/);
    const both = TokenCipher.fromConfig(testKeyRing('k1', ['k1', 'k2']));
    const relabelled = both.encrypt(secret, acme).replace('.k1.', '.k2.');
    expect(() => both.decrypt(relabelled, acme)).toThrow(DecryptionError);
  });

  it('refuses a ciphertext moved to another tenant or another purpose', () => {
    const sealed = cipher.encrypt(secret, acme);
    expect(() => cipher.decrypt(sealed, { ...acme, tenant: 'globex' })).toThrow(/tampered, or bound to another tenant or purpose/);
    expect(() => cipher.decrypt(sealed, { ...acme, purpose: 'sr-access-token' })).toThrow(DecryptionError);
  });

  it('never puts the secret or a key into an error message', () => {
    const sealed = cipher.encrypt(secret, acme);
    const error = (() => {
      try {
        cipher.decrypt(sealed, { ...acme, tenant: 'globex' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('tenant globex');
    expect(error?.message).not.toContain(secret);
    expect(error?.message).not.toContain(testKey('k1'));
  });

  describe('rotation', () => {
    const old = TokenCipher.fromConfig(testKeyRing('k1'));
    const rotated = TokenCipher.fromConfig(testKeyRing('k2', ['k1', 'k2']));

    it('decrypts what the old key wrote, writes under the new key, and flags the old ciphertexts', () => {
      const before = old.encrypt(secret, acme);
      expect(rotated.decrypt(before, acme)).toBe(secret);
      expect(rotated.needsReencryption(before)).toBe(true);
      const after = rotated.encrypt(secret, acme);
      expect(after.split('.')[1]).toBe('k2');
      expect(rotated.needsReencryption(after)).toBe(false);
      expect(old.needsReencryption(after)).toBe(true);
    });

    it('refuses a ciphertext under a key id the ring no longer holds, naming the key id', () => {
      const retired = TokenCipher.fromConfig(testKeyRing('k2', ['k2']));
      expect(() => retired.decrypt(old.encrypt(secret, acme), acme)).toThrow(/key id "k1", which the key ring does not hold/);
    });

    it('fingerprints under the current key, and under every key for matching records written before', () => {
      const fp = old.fingerprint(secret, acme);
      expect(fp).toBe(old.fingerprint(secret, acme));
      expect(fp).not.toContain(secret);
      expect(rotated.fingerprint(secret, acme)).not.toBe(fp);
      expect(rotated.fingerprints(secret, acme)).toContain(fp);
      expect(old.fingerprint(secret, { ...acme, tenant: 'globex' })).not.toBe(fp);
    });
  });

  describe('key ring config', () => {
    it('lists every problem at once, without echoing any key', () => {
      const bad = Buffer.alloc(16, 7).toString('base64');
      let error: unknown;
      try {
        TokenCipher.fromConfig({ currentKeyId: 'k9', keys: { k1: bad, 'bad.id': testKey('x'), k3: 'not*base64' } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'keys.k1', message: 'must decode to 32 bytes (got 16)' },
        { path: 'keys.bad.id', message: 'key id must be 1-32 of A-Z a-z 0-9 _ -' },
        { path: 'keys.k3', message: 'is not valid base64' },
        { path: 'currentKeyId', message: '"k9" is not one of the keys' },
      ]);
      expect((error as Error).message).not.toContain(bad);
    });

    it('refuses an empty ring', () => {
      expect(() => TokenCipher.fromConfig({ currentKeyId: '', keys: {} })).toThrow(/keys: must list at least one key; currentKeyId: must name one of the keys/);
    });
  });
});
