import { PiiCipher, SqliteCandidateKeyStore, TokenCipher } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import type { CandidatePiiProtection } from '../observations';

/**
 * Candidate-PII protection for the specs, the crash child and the bench: an embedded key store at
 * `path` (`:memory:` by default) wrapped by the vault's deterministic test ring.
 */
export function openEmbeddedPii(path = ':memory:'): CandidatePiiProtection & { keys: SqliteCandidateKeyStore } {
  return { keys: new SqliteCandidateKeyStore(path, TokenCipher.fromConfig(testKeyRing())), cipher: new PiiCipher() };
}
