import { AppError, ValidationError, type AppErrorOptions } from '@srw/errors';

/** A candidate's data key: 32 random bytes, named by `keyId` so a ciphertext says which key made it. */
export interface CandidateKey {
  readonly keyId: string;
  readonly key: Buffer;
}

/**
 * The candidate was shredded: its key is gone for good and no new one is made. Not retryable: a
 * caller (the sync) omits what it wanted to encrypt instead.
 */
export class CandidateShreddedError extends AppError {
  readonly code = 'CANDIDATE_SHREDDED';
  constructor(tenant: string, candidateId: string, options?: AppErrorOptions) {
    super(`candidate ${candidateId} of tenant ${tenant} was shredded: no key is issued for it again`, false, options);
  }
}

/**
 * One data key per (tenant, candidate), for crypto-shredding (ARCHITECTURE §4, §9): candidate PII is
 * appended encrypted under it, so deleting the key erases the candidate from every copy of the
 * events (event store, Kafka topics, backups of both).
 *
 * Keys are stored wrapped by the vault's master key ring (`TokenCipher`, bound to tenant and
 * candidate), never in the clear. **Shredding is permanent**: it replaces the key with a tombstone,
 * and `keyFor` then throws {@link CandidateShreddedError} rather than create a new key, so that no
 * later write could make the old ciphertext's key id look current again and no fresh PII of an
 * erased candidate is written back by the next sync (SR may still list them until its own delete).
 *
 * Not erased by a shred: backups *of the key store itself* keep the wrapped key until they expire,
 * so their retention bounds how long an erasure takes to be complete.
 */
export interface CandidateKeyStore {
  /**
   * The candidate's key, created on first use. Of any number of concurrent callers, in any number of
   * processes, all get the same key (first writer wins, atomically).
   * @throws CandidateShreddedError once the candidate was shredded.
   */
  keyFor(tenant: string, candidateId: string): Promise<CandidateKey>;
  /** The candidate's key, or undefined when it has none (never created, or shredded). */
  find(tenant: string, candidateId: string): Promise<CandidateKey | undefined>;
  /** True when the candidate was shredded. */
  isShredded(tenant: string, candidateId: string): Promise<boolean>;
  /** Destroys the candidate's key for good and leaves a tombstone; idempotent. True when a key was destroyed. */
  shred(tenant: string, candidateId: string, shreddedAt: Date): Promise<boolean>;
  close(): Promise<void>;
}

export function checkCandidate(tenant: string, candidateId: string): void {
  const issues = [];
  if (typeof tenant !== 'string' || tenant === '') issues.push({ path: 'tenant', message: 'must be a non-empty string' });
  if (typeof candidateId !== 'string' || candidateId === '') issues.push({ path: 'candidateId', message: 'must be a non-empty string' });
  if (issues.length > 0) throw new ValidationError('candidate key reference', issues);
}
