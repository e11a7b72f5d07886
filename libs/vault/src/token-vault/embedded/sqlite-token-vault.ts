import { ConflictError } from '@srw/errors';
import type { StatementSync } from '@srw/sqlite';
import type { TokenCipher } from '../../crypto/token-cipher';
import { SqliteVaultStore, type SqliteVaultStoreOptions } from '../../embedded/sqlite-vault-store';
import { checkTenant, GrantCodec, type SealedGrant } from '../grant-codec';
import type { GrantTokens, StoredGrant, TokenVault } from '../token-vault.port';

interface Row {
  version: number;
  access_token: string;
  refresh_token: string;
  refresh_fingerprint: string;
  expires_at: number;
  scopes: string;
}

/**
 * The embedded vault: one SQLite file, shareable by several processes. Each write is a single
 * statement whose WHERE clause carries the condition (no row for create, the expected fingerprint for
 * a swap), and SQLite runs each statement under the database write lock, so the check and the write
 * cannot interleave with another connection's.
 */
export class SqliteTokenVault extends SqliteVaultStore implements TokenVault {
  private readonly codec: GrantCodec;
  private readonly selectRow: StatementSync;
  private readonly insertRow: StatementSync;
  private readonly deleteRow: StatementSync;
  /** By the number of fingerprints to match (one per ring key): fixed per cipher, so prepared once. */
  private readonly swapStatements = new Map<number, StatementSync>();

  constructor(path: string, cipher: TokenCipher, options: SqliteVaultStoreOptions = {}) {
    super(path, `CREATE TABLE IF NOT EXISTS vault_grants (
      tenant              TEXT PRIMARY KEY,
      version             INTEGER NOT NULL,
      access_token        TEXT NOT NULL,
      refresh_token       TEXT NOT NULL,
      refresh_fingerprint TEXT NOT NULL,
      expires_at          INTEGER NOT NULL,
      scopes              TEXT NOT NULL
    ) WITHOUT ROWID`, { ...options, secureDelete: false });
    this.codec = new GrantCodec(cipher);
    this.selectRow = this.db.prepare('SELECT * FROM vault_grants WHERE tenant = ?');
    this.insertRow = this.db.prepare(`INSERT INTO vault_grants
      (tenant, version, access_token, refresh_token, refresh_fingerprint, expires_at, scopes)
      VALUES (?, 1, ?, ?, ?, ?, ?) ON CONFLICT (tenant) DO NOTHING`);
    this.deleteRow = this.db.prepare('DELETE FROM vault_grants WHERE tenant = ?');
  }

  async read(tenant: string): Promise<StoredGrant | undefined> {
    checkTenant(tenant);
    const row = this.selectRow.get(tenant) as Row | undefined;
    return row ? this.codec.open(tenant, sealedOf(row), row.version) : undefined;
  }

  async create(tenant: string, tokens: GrantTokens): Promise<StoredGrant> {
    checkTenant(tenant);
    const s = this.codec.seal(tenant, tokens);
    const { changes } = this.insertRow.run(tenant, s.accessToken, s.refreshToken, s.refreshFingerprint, s.expiresAt, JSON.stringify(s.scopes));
    if (Number(changes) !== 1) throw new ConflictError(`tenant ${tenant} already has a stored SR grant`);
    return { ...tokens, scopes: [...tokens.scopes], version: 1 };
  }

  async compareAndSwap(tenant: string, expectedRefreshToken: string, next: GrantTokens): Promise<boolean> {
    checkTenant(tenant);
    const s = this.codec.seal(tenant, next);
    const expected = this.codec.expectedFingerprints(tenant, expectedRefreshToken);
    const { changes } = this.swapStatement(expected.length).run(
      s.accessToken, s.refreshToken, s.refreshFingerprint, s.expiresAt, JSON.stringify(s.scopes), tenant, ...expected,
    );
    return Number(changes) === 1;
  }

  private swapStatement(fingerprints: number): StatementSync {
    let statement = this.swapStatements.get(fingerprints);
    if (!statement) {
      statement = this.db.prepare(
        `UPDATE vault_grants SET version = version + 1, access_token = ?, refresh_token = ?, refresh_fingerprint = ?,
           expires_at = ?, scopes = ?
         WHERE tenant = ? AND refresh_fingerprint IN (${Array.from({ length: fingerprints }, () => '?').join(', ')})`,
      );
      this.swapStatements.set(fingerprints, statement);
    }
    return statement;
  }

  async delete(tenant: string): Promise<boolean> {
    checkTenant(tenant);
    return Number(this.deleteRow.run(tenant).changes) === 1;
  }
}

function sealedOf(row: Row): SealedGrant {
  return {
    accessToken: row.access_token,
    refreshToken: row.refresh_token,
    refreshFingerprint: row.refresh_fingerprint,
    expiresAt: row.expires_at,
    scopes: JSON.parse(row.scopes) as string[],
  };
}
