import { openSqlite, type DatabaseSync, type Durability, type StatementSync } from '@srw/sqlite';
import type { Lease, LeaseTermLog } from './lease-store.port';
import { TermLeaseStore } from './term-lease-store';

interface TermRow {
  lease_key: string;
  term: number;
  owner: string;
  expires_at: number;
}

/** The embedded term log: the primary key (key, term) lets one INSERT of a term add a row. */
class SqliteLeaseTermLog implements LeaseTermLog {
  private readonly db: DatabaseSync;
  private readonly selectLatest: StatementSync;
  private readonly insertTerm: StatementSync;
  private readonly pruneTerms: StatementSync;

  constructor(path: string, durability?: Durability) {
    this.db = openSqlite(path, durability);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sr_poller_lease_terms (
      lease_key  TEXT NOT NULL,
      term       INTEGER NOT NULL,
      owner      TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (lease_key, term)
    ) WITHOUT ROWID`);
    this.selectLatest = this.db.prepare('SELECT lease_key, term, owner, expires_at FROM sr_poller_lease_terms WHERE lease_key = ? ORDER BY term DESC LIMIT 1');
    this.insertTerm = this.db.prepare('INSERT INTO sr_poller_lease_terms (lease_key, term, owner, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.pruneTerms = this.db.prepare('DELETE FROM sr_poller_lease_terms WHERE lease_key = ? AND term < ?');
  }

  async latest(key: string): Promise<Lease | undefined> {
    const row = this.selectLatest.get(key) as TermRow | undefined;
    return row && { key: row.lease_key, term: Number(row.term), owner: row.owner, expiresAt: Number(row.expires_at) };
  }

  async insert(term: Lease): Promise<boolean> {
    return Number(this.insertTerm.run(term.key, term.term, term.owner, term.expiresAt).changes) === 1;
  }

  async prune(key: string, belowTerm: number): Promise<void> {
    this.pruneTerms.run(key, belowTerm);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

/** The embedded lease store: a SQLite file every replica on the machine opens (`DATA_DIR/sr-poller-leases.sqlite`). */
export function openSqliteLeaseStore(path: string, options: { durability?: Durability } = {}): TermLeaseStore {
  return new TermLeaseStore(new SqliteLeaseTermLog(path, options.durability));
}
