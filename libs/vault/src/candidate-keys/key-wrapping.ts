import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenCipher } from '../crypto/token-cipher';
import type { CandidateKey } from './candidate-key-store.port';

/** A data key as the adapters store it: wrapped by the master key ring, never in the clear. */
export interface WrappedKey {
  keyId: string;
  wrappedKey: string;
}

export const dataKeyLength = 32;

/**
 * The purpose binds the wrapped key to its candidate (the tenant is bound by the cipher context too):
 * a wrapped key copied onto another candidate's record fails to unwrap instead of serving both.
 */
const purposeOf = (candidateId: string) => `candidate-data-key:${candidateId}`;

export class KeyWrapper {
  constructor(private readonly cipher: TokenCipher) {}

  /** A fresh random data key, wrapped. */
  generate(tenant: string, candidateId: string): WrappedKey {
    const key = randomBytes(dataKeyLength);
    try {
      return {
        keyId: randomUUID(),
        wrappedKey: this.cipher.encrypt(key.toString('base64'), { tenant, purpose: purposeOf(candidateId) }),
      };
    } finally {
      key.fill(0);
    }
  }

  /** @throws DecryptionError when the record was tampered with, moved, or is under a key the ring lost. */
  unwrap(tenant: string, candidateId: string, stored: WrappedKey): CandidateKey {
    const key = Buffer.from(this.cipher.decrypt(stored.wrappedKey, { tenant, purpose: purposeOf(candidateId) }), 'base64');
    return { keyId: stored.keyId, key };
  }
}
