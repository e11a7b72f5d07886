import { openSqlite, type DatabaseSync, type Durability, type StatementSync } from '@srw/sqlite';
import type { NonceStore } from '../nonce-store.port';

/** The embedded nonce store: the primary key makes the first INSERT the only one that adds a row. */
export class SqliteNonceStore implements NonceStore {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly purge: StatementSync;

  constructor(path: string, options: { durability?: Durability } = {}) {
    this.db = openSqlite(path, options.durability);
    this.db.exec(`CREATE TABLE IF NOT EXISTS vault_nonces (
      nonce      TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS vault_nonces_expiry ON vault_nonces (expires_at)`);
    this.insert = this.db.prepare('INSERT INTO vault_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING');
    this.purge = this.db.prepare('DELETE FROM vault_nonces WHERE expires_at <= ?');
  }

  async claim(nonce: string, expiresAt: number): Promise<boolean> {
    return Number(this.insert.run(nonce, expiresAt).changes) === 1;
  }

  async purgeExpired(now: number): Promise<number> {
    return Number(this.purge.run(now).changes);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
