import { openSqlite, type DatabaseSync, type Durability } from '@srw/sqlite';

export interface SqliteVaultStoreOptions {
  durability?: Durability;
}

/**
 * What every embedded vault store shares: one SQLite file (shareable by several processes) holding
 * one table, created on open, and a close that may be called twice. `secureDelete` makes SQLite zero
 * the bytes a delete frees instead of leaving key material on a free page.
 */
export abstract class SqliteVaultStore {
  protected readonly db: DatabaseSync;

  protected constructor(path: string, schema: string, options: SqliteVaultStoreOptions & { secureDelete: boolean }) {
    this.db = openSqlite(path, options.durability);
    if (options.secureDelete) this.db.exec('PRAGMA secure_delete = ON');
    this.db.exec(schema);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
