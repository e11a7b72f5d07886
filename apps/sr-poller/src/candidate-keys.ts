import { join } from 'node:path';
import { PiiCipher, TokenCipher, type CandidateKey, type CandidateKeyStore } from '@srw/vault';
import type { CandidatePiiProtection } from '@srw/sr-sync';
import { keyRingOf, type SrPollerConfig } from './config';

/** A candidate key store opened on first use (and again after a failed open), so the service builds synchronously. */
class LazyCandidateKeyStore implements CandidateKeyStore {
  private opening: Promise<CandidateKeyStore> | undefined;

  constructor(private readonly open: () => Promise<CandidateKeyStore>) {}

  keyFor(tenant: string, candidateId: string): Promise<CandidateKey> {
    return this.store().then((store) => store.keyFor(tenant, candidateId));
  }

  find(tenant: string, candidateId: string): Promise<CandidateKey | undefined> {
    return this.store().then((store) => store.find(tenant, candidateId));
  }

  isShredded(tenant: string, candidateId: string): Promise<boolean> {
    return this.store().then((store) => store.isShredded(tenant, candidateId));
  }

  shred(tenant: string, candidateId: string, shreddedAt: Date): Promise<boolean> {
    return this.store().then((store) => store.shred(tenant, candidateId, shreddedAt));
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }

  private store(): Promise<CandidateKeyStore> {
    return (this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    }));
  }
}

/**
 * Candidate-PII protection of the service: per-candidate keys wrapped with `VAULT_KEYS`, in MongoDB
 * (`candidate_keys`) where `MONGODB_URL` is set, else in `DATA_DIR/candidate-keys.sqlite`.
 */
export function candidatePiiFor(config: SrPollerConfig): CandidatePiiProtection & { keys: CandidateKeyStore } {
  const wrapping = TokenCipher.fromConfig(keyRingOf(config));
  const keys = new LazyCandidateKeyStore(async () => {
    if (config.MONGODB_URL) {
      const { MongoCandidateKeyStore } = await import('@srw/vault/mongo');
      return MongoCandidateKeyStore.connect(config.MONGODB_URL, wrapping, { database: config.MONGODB_DATABASE });
    }
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.DATA_DIR, { recursive: true });
    const { SqliteCandidateKeyStore } = await import('@srw/vault');
    return new SqliteCandidateKeyStore(join(config.DATA_DIR, 'candidate-keys.sqlite'), wrapping, { durability: config.EMBEDDED_DURABILITY });
  });
  return { keys, cipher: new PiiCipher() };
}
