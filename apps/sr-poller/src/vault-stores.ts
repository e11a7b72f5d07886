import { join } from 'node:path';
import { PiiCipher, TokenCipher, type CandidateKeyStore, type WebhookKeyStore } from '@srw/vault';
import type { CandidatePiiProtection } from '@srw/sr-sync';
import { keyRingOf, type SrPollerConfig } from './config';
import { lazyStore } from '@srw/runtime';

/**
 * Candidate-PII protection of the service: per-candidate keys wrapped with `VAULT_KEYS`, in MongoDB
 * (`candidate_keys`) where `MONGODB_URL` is set, else in `DATA_DIR/candidate-keys.sqlite`.
 */
export function candidatePiiFor(config: SrPollerConfig): CandidatePiiProtection & { keys: CandidateKeyStore } {
  const wrapping = TokenCipher.fromConfig(keyRingOf(config));
  const keys = lazyStore<CandidateKeyStore>(async () => {
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

/**
 * The signing keys of the tenants' SR webhook subscriptions, encrypted with `VAULT_KEYS`: in MongoDB
 * (`sr_webhook_keys`) where `MONGODB_URL` is set, else in `DATA_DIR/sr-webhook-keys.sqlite`. Shared by
 * every replica and kept across restarts, so any of them verifies any delivery.
 */
export function webhookKeysFor(config: SrPollerConfig): WebhookKeyStore {
  const cipher = TokenCipher.fromConfig(keyRingOf(config));
  return lazyStore<WebhookKeyStore>(async () => {
    if (config.MONGODB_URL) {
      const { MongoWebhookKeyStore } = await import('@srw/vault/mongo');
      return MongoWebhookKeyStore.connect(config.MONGODB_URL, cipher, { database: config.MONGODB_DATABASE, collection: 'sr_webhook_keys' });
    }
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.DATA_DIR, { recursive: true });
    const { SqliteWebhookKeyStore } = await import('@srw/vault');
    return new SqliteWebhookKeyStore(join(config.DATA_DIR, 'sr-webhook-keys.sqlite'), cipher, { durability: config.EMBEDDED_DURABILITY });
  });
}
