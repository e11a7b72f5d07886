import type { StatementSync } from '@srw/sqlite';
import type { TokenCipher } from '../../crypto/token-cipher';
import { SqliteVaultStore, type SqliteVaultStoreOptions } from '../../embedded/sqlite-vault-store';
import { CandidateShreddedError, checkCandidate, type CandidateKey, type CandidateKeyStore } from '../candidate-key-store.port';
import { KeyWrapper } from '../key-wrapping';

interface Row {
  key_id: string | null;
  wrapped_key: string | null;
  shredded_at: string | null;
}

/**
 * The embedded key store: one SQLite file, shareable by several processes. Creation is one
 * `INSERT … ON CONFLICT DO NOTHING` (first writer wins under the file's write lock), then a read of
 * whatever won. A shred overwrites the row with a tombstone (no key id, no wrapped key).
 *
 * `secure_delete` makes SQLite zero the bytes a shred frees instead of leaving them on a free page;
 * the WAL may still hold the old page until its next checkpoint, which the shred forces.
 */
export class SqliteCandidateKeyStore extends SqliteVaultStore implements CandidateKeyStore {
  private readonly wrapper: KeyWrapper;
  private readonly selectRow: StatementSync;
  private readonly insertRow: StatementSync;
  private readonly tombstone: StatementSync;

  constructor(path: string, cipher: TokenCipher, options: SqliteVaultStoreOptions = {}) {
    super(path, `CREATE TABLE IF NOT EXISTS candidate_keys (
      tenant       TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      key_id       TEXT,
      wrapped_key  TEXT,
      shredded_at  TEXT,
      PRIMARY KEY (tenant, candidate_id),
      CHECK ((shredded_at IS NULL) = (wrapped_key IS NOT NULL))
    ) WITHOUT ROWID`, { ...options, secureDelete: true });
    this.wrapper = new KeyWrapper(cipher);
    this.selectRow = this.db.prepare('SELECT key_id, wrapped_key, shredded_at FROM candidate_keys WHERE tenant = ? AND candidate_id = ?');
    this.insertRow = this.db.prepare(
      'INSERT INTO candidate_keys (tenant, candidate_id, key_id, wrapped_key) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, candidate_id) DO NOTHING',
    );
    this.tombstone = this.db.prepare(`INSERT INTO candidate_keys (tenant, candidate_id, key_id, wrapped_key, shredded_at) VALUES (?, ?, NULL, NULL, ?)
      ON CONFLICT (tenant, candidate_id) DO UPDATE SET key_id = NULL, wrapped_key = NULL, shredded_at = coalesce(shredded_at, excluded.shredded_at)`);
  }

  async keyFor(tenant: string, candidateId: string): Promise<CandidateKey> {
    checkCandidate(tenant, candidateId);
    const existing = this.row(tenant, candidateId);
    if (!existing) {
      const fresh = this.wrapper.generate(tenant, candidateId);
      this.insertRow.run(tenant, candidateId, fresh.keyId, fresh.wrappedKey);
    }
    const row = existing ?? this.row(tenant, candidateId);
    if (!row?.wrapped_key || !row.key_id) throw new CandidateShreddedError(tenant, candidateId);
    return this.wrapper.unwrap(tenant, candidateId, { keyId: row.key_id, wrappedKey: row.wrapped_key });
  }

  async find(tenant: string, candidateId: string): Promise<CandidateKey | undefined> {
    checkCandidate(tenant, candidateId);
    const row = this.row(tenant, candidateId);
    if (!row?.wrapped_key || !row.key_id) return undefined;
    return this.wrapper.unwrap(tenant, candidateId, { keyId: row.key_id, wrappedKey: row.wrapped_key });
  }

  async isShredded(tenant: string, candidateId: string): Promise<boolean> {
    checkCandidate(tenant, candidateId);
    return this.row(tenant, candidateId)?.shredded_at != null;
  }

  async shred(tenant: string, candidateId: string, shreddedAt: Date): Promise<boolean> {
    checkCandidate(tenant, candidateId);
    // The read and the tombstone in one write transaction, so "a key was destroyed" is told to one caller.
    this.db.exec('BEGIN IMMEDIATE');
    let hadKey: boolean;
    try {
      hadKey = Boolean(this.row(tenant, candidateId)?.wrapped_key);
      this.tombstone.run(tenant, candidateId, shreddedAt.toISOString());
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    // The overwritten page lingers in the WAL until a checkpoint copies it (zeroed) back into the file.
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return hadKey;
  }

  private row(tenant: string, candidateId: string): Row | undefined {
    return this.selectRow.get(tenant, candidateId) as Row | undefined;
  }
}
