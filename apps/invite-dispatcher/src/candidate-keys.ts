import { join } from 'node:path';
import { keyRingOf, PiiCipher, TokenCipher, type CandidateKeyStore } from '@srw/vault';
import type { CandidateKeys } from './candidate-contacts';
import type { InviteDispatcherConfig } from './config';

/**
 * The candidate keys sr-poller writes (MongoDB `candidate_keys` where `MONGODB_URL` is set, else
 * `DATA_DIR/candidate-keys.sqlite`), opened on first use and again after a failed open; read only.
 */
export function openCandidateKeys(config: InviteDispatcherConfig): { keys: CandidateKeys; cipher: PiiCipher } {
  const wrapping = TokenCipher.fromConfig(keyRingOf(config));
  let opening: Promise<CandidateKeyStore> | undefined;
  const open = async (): Promise<CandidateKeyStore> => {
    if (config.MONGODB_URL) {
      const { MongoCandidateKeyStore } = await import('@srw/vault/mongo');
      return MongoCandidateKeyStore.connect(config.MONGODB_URL, wrapping, { database: config.MONGODB_DATABASE });
    }
    const { SqliteCandidateKeyStore } = await import('@srw/vault');
    return new SqliteCandidateKeyStore(join(config.DATA_DIR, 'candidate-keys.sqlite'), wrapping, { durability: config.EMBEDDED_DURABILITY });
  };
  const store = () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  return { keys: { find: async (tenantId, candidateId) => (await store()).find(tenantId, candidateId) }, cipher: new PiiCipher() };
}
