import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { TransientError } from '@srw/errors';

export type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * `process`: a committed write survives the process dying at any point (WAL, synchronous=NORMAL).
 * `power-loss`: it also survives the machine losing power (synchronous=FULL: an fsync per commit).
 */
export type Durability = 'process' | 'power-loss';

/**
 * Opens (creating if needed) the SQLite file behind an embedded adapter. WAL lets readers in other
 * processes see committed writes without blocking the writer; `busy_timeout` (set first, so that
 * switching to WAL already waits) makes a second process wait for the write lock instead of failing
 * at once. `:memory:` gives a throwaway store.
 */
export function openSqlite(path: string, durability: Durability = 'process'): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA busy_timeout = 10000;
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = ${durability === 'power-loss' ? 'FULL' : 'NORMAL'};
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
    // SQLite may have rolled back already (e.g. SQLITE_FULL); a second ROLLBACK would hide the cause.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A readiness check of an embedded store: the connection is open and the file still reads (a query
 * of its schema touches the file's first page). Throws a `TransientError` saying which store failed.
 */
export function pingSqlite(db: DatabaseSync, store: string): void {
  if (!db.isOpen) throw new TransientError(`${store} is closed`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    throw new TransientError(`${store} does not answer: ${(error as Error).message}`, { cause: error });
  }
}
