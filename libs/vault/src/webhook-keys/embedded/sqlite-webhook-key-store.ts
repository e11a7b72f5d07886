import { writeTransaction, type StatementSync } from '@srw/sqlite';
import type { TokenCipher } from '../../crypto/token-cipher';
import { SqliteVaultStore, type SqliteVaultStoreOptions } from '../../embedded/sqlite-vault-store';
import { checkWebhookKey, WebhookKeyCodec, webhookKeysKept, type WebhookKeyStore } from '../webhook-key-store.port';

/**
 * The embedded webhook key store: one SQLite file, shareable by several processes. A key is one row
 * under (tenant, fingerprint); the row id orders them, newest last. The check for a known
 * fingerprint, the insert and the pruning to the newest 16 are one write transaction.
 */
export class SqliteWebhookKeyStore extends SqliteVaultStore implements WebhookKeyStore {
  private readonly codec: WebhookKeyCodec;
  private readonly selectKeys: StatementSync;
  private readonly insertKey: StatementSync;
  private readonly prune: StatementSync;
  private readonly deleteTenant: StatementSync;

  constructor(path: string, cipher: TokenCipher, options: SqliteVaultStoreOptions = {}) {
    super(path, `CREATE TABLE IF NOT EXISTS webhook_keys (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      tenant      TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      ciphertext  TEXT NOT NULL,
      UNIQUE (tenant, fingerprint)
    )`, { ...options, secureDelete: true });
    this.codec = new WebhookKeyCodec(cipher);
    this.selectKeys = this.db.prepare('SELECT fingerprint, ciphertext FROM webhook_keys WHERE tenant = ? ORDER BY seq DESC LIMIT ?');
    this.insertKey = this.db.prepare('INSERT INTO webhook_keys (tenant, fingerprint, ciphertext) VALUES (?, ?, ?) ON CONFLICT (tenant, fingerprint) DO NOTHING');
    this.prune = this.db.prepare('DELETE FROM webhook_keys WHERE tenant = ? AND seq NOT IN (SELECT seq FROM webhook_keys WHERE tenant = ? ORDER BY seq DESC LIMIT ?)');
    this.deleteTenant = this.db.prepare('DELETE FROM webhook_keys WHERE tenant = ?');
  }

  async keysOf(tenant: string): Promise<readonly string[]> {
    checkWebhookKey(tenant);
    const rows = this.selectKeys.all(tenant, webhookKeysKept) as { ciphertext: string }[];
    return rows.map((row) => this.codec.open(tenant, row.ciphertext));
  }

  async remember(tenant: string, key: string): Promise<void> {
    checkWebhookKey(tenant, key);
    const known = this.codec.fingerprints(tenant, key);
    const sealed = this.codec.seal(tenant, key);
    writeTransaction(this.db, () => {
      const placeholders = known.map(() => '?').join(', ');
      const found = this.db.prepare(`SELECT 1 FROM webhook_keys WHERE tenant = ? AND fingerprint IN (${placeholders})`).get(tenant, ...known);
      if (found) return;
      this.insertKey.run(tenant, sealed.fingerprint, sealed.ciphertext);
      this.prune.run(tenant, tenant, webhookKeysKept);
    });
  }

  async forget(tenant: string): Promise<void> {
    checkWebhookKey(tenant);
    this.deleteTenant.run(tenant);
  }
}
