import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError, type AppErrorOptions } from '@srw/errors';
import { parseKeyRing, type KeyRing, type KeyRingConfig } from './key-ring';

/**
 * What a ciphertext is bound to. Both go into the GCM associated data, so a value copied to another
 * tenant's record, or from the refresh-token field into the access-token field, fails to decrypt.
 */
export interface CipherContext {
  tenant: string;
  purpose: string;
}

/** A ciphertext that cannot be opened: tampered, bound to another tenant or purpose, or under an unknown key. */
export class DecryptionError extends AppError {
  readonly code = 'DECRYPTION_FAILED';
  constructor(message: string, options?: AppErrorOptions) {
    super(message, false, options);
  }
}

const version = 'v1';
const ivLength = 12;
const tagLength = 16;
const algorithm = 'aes-256-gcm';
/** The MAC key is derived per ring key, so the same bytes never serve both AES and HMAC. */
const fingerprintInfo = 'srw-vault/fingerprint/v1';

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The header (version, key id) is authenticated too: a ciphertext relabelled with another key id
 * fails instead of being tried under a key it was not made with. JSON keeps the fields unambiguous
 * whatever characters the tenant id holds.
 */
const associatedData = (keyId: string, context: CipherContext) =>
  Buffer.from(JSON.stringify([version, keyId, context.purpose, context.tenant]), 'utf8');

/**
 * AES-256-GCM for secrets at rest, with a key ring for rotation. A ciphertext is
 * `v1.<keyId>.<iv>.<tag>.<data>` (base64url parts): it names the key that made it, carries a random
 * 12-byte IV (never reused under a key: 2^-32 collision risk only after ~2^32 writes per key) and
 * the 16-byte authentication tag.
 */
export class TokenCipher {
  private readonly fingerprintKeys = new Map<string, Buffer>();

  constructor(private readonly ring: KeyRing) {
    for (const keyId of ring.keyIds) {
      const key = ring.key(keyId) as Buffer;
      this.fingerprintKeys.set(keyId, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), fingerprintInfo, 32)));
    }
  }

  /** Parses the config (every problem listed in one `ValidationError`) and builds the cipher. */
  static fromConfig(config: KeyRingConfig): TokenCipher {
    return new TokenCipher(parseKeyRing(config));
  }

  get currentKeyId(): string {
    return this.ring.currentKeyId;
  }

  encrypt(plaintext: string, context: CipherContext): string {
    const keyId = this.ring.currentKeyId;
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv(algorithm, this.ring.key(keyId) as Buffer, iv, { authTagLength: tagLength });
    cipher.setAAD(associatedData(keyId, context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [version, keyId, b64url(iv), b64url(cipher.getAuthTag()), b64url(data)].join('.');
  }

  /** @throws DecryptionError naming the tenant, purpose and key id, never any part of the secret. */
  decrypt(ciphertext: string, context: CipherContext): string {
    const where = `(tenant ${context.tenant}, ${context.purpose})`;
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== version) throw new DecryptionError(`ciphertext ${where} is malformed`);
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const key = this.ring.key(keyId);
    if (!key) throw new DecryptionError(`ciphertext ${where} is under key id "${keyId}", which the key ring does not hold`);
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== ivLength || tagBytes.length !== tagLength) throw new DecryptionError(`ciphertext ${where} is malformed`);
    try {
      const decipher = createDecipheriv(algorithm, key, ivBytes, { authTagLength: tagLength });
      decipher.setAAD(associatedData(keyId, context));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new DecryptionError(`ciphertext ${where} failed authentication: tampered, or bound to another tenant or purpose`, {
        cause: error,
      });
    }
  }

  /** True when `ciphertext` was made under a key other than the current one (or cannot be read as ours). */
  needsReencryption(ciphertext: string): boolean {
    const [v, keyId] = ciphertext.split('.');
    return v !== version || keyId !== this.ring.currentKeyId;
  }

  /**
   * A keyed hash (HMAC-SHA256 under the current key) of a secret, for finding a record by its secret
   * without storing it: ciphertexts differ on every write, so they cannot be compared.
   */
  fingerprint(secret: string, context: CipherContext): string {
    return this.fingerprintUnder(this.ring.currentKeyId, secret, context);
  }

  /** The fingerprint under every key of the ring: a record written before a rotation still matches one. */
  fingerprints(secret: string, context: CipherContext): string[] {
    return this.ring.keyIds.map((keyId) => this.fingerprintUnder(keyId, secret, context));
  }

  private fingerprintUnder(keyId: string, secret: string, context: CipherContext): string {
    const mac = createHmac('sha256', this.fingerprintKeys.get(keyId) as Buffer);
    mac.update(associatedData(keyId, context));
    mac.update(secret, 'utf8');
    return `${keyId}.${mac.digest('base64url')}`;
  }
}
