import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from './pii-cipher';
import { DecryptionError } from './token-cipher';

const keyOf = (keyId: string, fill: number) => ({ keyId, key: Buffer.alloc(32, fill) });
const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null };
const context = { tenant: 'acme', candidateId: 'c1' };

describe('PiiCipher', () => {
  const cipher = new PiiCipher();
  const key = keyOf('key-1', 7);

  it('round-trips a record and never shows it in the ciphertext', () => {
    const sealed = cipher.encrypt(ada, key, context);
    expect(sealed.keyId).toBe('key-1');
    for (const value of ['Ada', 'Lovelace', 'ada@example.com']) expect(sealed.ciphertext).not.toContain(value);
    expect(cipher.decrypt(sealed, key, context)).toEqual(ada);
  });

  it('makes a different ciphertext each time (random IV)', () => {
    expect(cipher.encrypt(ada, key, context).ciphertext).not.toBe(cipher.encrypt(ada, key, context).ciphertext);
  });

  it('fails under another key, another candidate, another tenant, or when tampered with', () => {
    const sealed = cipher.encrypt(ada, key, context);
    expect(() => cipher.decrypt(sealed, { keyId: 'key-1', key: randomBytes(32) }, context)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(sealed, keyOf('key-2', 7), context)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(sealed, key, { ...context, candidateId: 'c2' })).toThrow(DecryptionError);
    expect(() => cipher.decrypt(sealed, key, { ...context, tenant: 'other' })).toThrow(DecryptionError);
    const [v, iv, tag, data] = sealed.ciphertext.split('.') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.decrypt({ ...sealed, ciphertext: [v, iv, tag, flipped.toString('base64url')].join('.') }, key, context)).toThrow(DecryptionError);
    expect(() => cipher.decrypt({ ...sealed, ciphertext: 'p1.x' }, key, context)).toThrow(DecryptionError);
  });

  it('hashes equal records equally whatever the key order, and differently per key, candidate or content', () => {
    const hash = cipher.contentHash(ada, key, context);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.contentHash({ phone: null, email: 'ada@example.com', lastName: 'Lovelace', firstName: 'Ada' }, key, context)).toBe(hash);
    expect(cipher.contentHash(ada, keyOf('key-1', 8), context)).not.toBe(hash);
    expect(cipher.contentHash(ada, key, { ...context, candidateId: 'c2' })).not.toBe(hash);
    expect(cipher.contentHash({ ...ada, email: 'ada@example.org' }, key, context)).not.toBe(hash);
  });
});
