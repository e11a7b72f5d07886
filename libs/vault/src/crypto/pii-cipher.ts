import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import type { CandidateKey } from '../candidate-keys/candidate-key-store.port';
import { DecryptionError } from './token-cipher';

/** Whose PII it is: both go into the GCM associated data and the hash, so nothing moves between candidates. */
export interface PiiContext {
  tenant: string;
  candidateId: string;
}

/** A small flat PII record (names, email, phone): strings or null. */
export type PiiRecord = Readonly<Record<string, string | null>>;

/** What is appended in place of the plaintext. */
export interface SealedPii {
  keyId: string;
  ciphertext: string;
}

const version = 'p1';
const algorithm = 'aes-256-gcm';
const ivLength = 12;
const tagLength = 16;
/** The hash key is derived from the data key, so the same bytes never serve both AES and HMAC. */
const hashInfo = 'srw-vault/pii-content-hash/v1';

const associatedData = (keyId: string, context: PiiContext) => Buffer.from(JSON.stringify([version, keyId, context.tenant, context.candidateId]), 'utf8');

/** Keys sorted, so equal records always give equal text (and equal hashes). */
const canonical = (record: PiiRecord) => JSON.stringify(Object.keys(record).sort().map((k) => [k, record[k] ?? null]));

/**
 * Encrypts a candidate's PII record under the candidate's own data key (AES-256-GCM, random 12-byte
 * IV; at most a few observations per candidate, far from GCM's per-key limits). Ciphertext:
 * `p1.<iv>.<tag>.<data>` (base64url); the key id travels beside it, in {@link SealedPii}.
 *
 * `contentHash` is an HMAC-SHA256 of the canonical record under a key derived (HKDF) from the data
 * key. A plain SHA-256 would leak: emails and names are guessable, so anyone holding the events could
 * confirm a guess, even after the shred. Keyed per candidate, equal PII still hashes equal while the
 * key lives (the sync's "unchanged, append nothing"), and the hash means nothing once it is gone.
 */
export class PiiCipher {
  encrypt(record: PiiRecord, key: CandidateKey, context: PiiContext): SealedPii {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv(algorithm, key.key, iv, { authTagLength: tagLength });
    cipher.setAAD(associatedData(key.keyId, context));
    const data = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
    return { keyId: key.keyId, ciphertext: [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.') };
  }

  /** @throws DecryptionError when the key is not the one that sealed it, or the value was tampered with or moved. */
  decrypt(sealed: SealedPii, key: CandidateKey, context: PiiContext): PiiRecord {
    const where = `(tenant ${context.tenant}, candidate ${context.candidateId})`;
    if (sealed.keyId !== key.keyId) throw new DecryptionError(`PII ${where} is under key ${sealed.keyId}, not the candidate's key`);
    const parts = sealed.ciphertext.split('.');
    if (parts.length !== 4 || parts[0] !== version) throw new DecryptionError(`PII ${where} is malformed`);
    const [, iv, tag, data] = parts as [string, string, string, string];
    try {
      const decipher = createDecipheriv(algorithm, key.key, Buffer.from(iv, 'base64url'), { authTagLength: tagLength });
      decipher.setAAD(associatedData(key.keyId, context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as PiiRecord;
    } catch (error) {
      throw new DecryptionError(`PII ${where} failed authentication: tampered, or bound to another candidate`, { cause: error });
    }
  }

  /** Hex HMAC-SHA256 of the canonical record under the candidate's key: equal records, equal hashes. */
  contentHash(record: PiiRecord, key: CandidateKey, context: PiiContext): string {
    const hashKey = Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), hashInfo, 32));
    return createHmac('sha256', hashKey).update(associatedData(key.keyId, context)).update(canonical(record), 'utf8').digest('hex');
  }
}
