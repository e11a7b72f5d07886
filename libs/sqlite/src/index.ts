import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * Opens (creating if needed) the SQLite file behind an embedded adapter. WAL lets readers in other
 * processes see committed writes without blocking the writer; `busy_timeout` makes a second
 * process wait for the write lock instead of failing at once. `:memory:` gives a throwaway store.
 */
export function openSqlite(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 10000;
    PRAGMA foreign_keys = ON;
  `);
  return db;
}

/**
 * Runs `work` in a write transaction taken up front (BEGIN IMMEDIATE), so that a read-then-write
 * (check a revision, then insert) cannot interleave with another connection's write.
 */
export function writeTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
