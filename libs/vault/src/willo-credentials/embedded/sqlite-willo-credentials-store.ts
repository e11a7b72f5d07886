import type { StatementSync } from '@srw/sqlite';
import type { TokenCipher } from '../../crypto/token-cipher';
import { SqliteVaultStore, type SqliteVaultStoreOptions } from '../../embedded/sqlite-vault-store';
import {
  checkWilloCredential,
  metadataOfSealed,
  WilloCredentialCodec,
  type SealedWilloCredential,
  type WilloCredential,
  type WilloCredentialMetadata,
  type WilloCredentialsStore,
} from '../willo-credentials-store.port';

/** The embedded Willo credentials store: one SQLite file, one row per tenant, shareable by several processes. */
export class SqliteWilloCredentialsStore extends SqliteVaultStore implements WilloCredentialsStore {
  private readonly codec: WilloCredentialCodec;
  private readonly upsert: StatementSync;
  private readonly select: StatementSync;
  private readonly remove: StatementSync;

  constructor(path: string, cipher: TokenCipher, options: SqliteVaultStoreOptions = {}) {
    super(path, `CREATE TABLE IF NOT EXISTS willo_credentials (
      tenant     TEXT PRIMARY KEY,
      ciphertext TEXT NOT NULL,
      keyId      TEXT NOT NULL,
      version    TEXT NOT NULL,
      lastFour   TEXT NOT NULL,
      updatedAt  TEXT NOT NULL
    )`, { ...options, secureDelete: true });
    this.codec = new WilloCredentialCodec(cipher);
    this.upsert = this.db.prepare(`INSERT INTO willo_credentials (tenant, ciphertext, keyId, version, lastFour, updatedAt)
      VALUES (:tenant, :ciphertext, :keyId, :version, :lastFour, :updatedAt)
      ON CONFLICT (tenant) DO UPDATE SET ciphertext = excluded.ciphertext, keyId = excluded.keyId,
        version = excluded.version, lastFour = excluded.lastFour, updatedAt = excluded.updatedAt`);
    this.select = this.db.prepare('SELECT tenant, ciphertext, keyId, version, lastFour, updatedAt FROM willo_credentials WHERE tenant = ?');
    this.remove = this.db.prepare('DELETE FROM willo_credentials WHERE tenant = ?');
  }

  async set(tenant: string, apiKey: string, at: Date): Promise<WilloCredentialMetadata> {
    checkWilloCredential(tenant, apiKey);
    const sealed = this.codec.seal(tenant, apiKey, at);
    this.upsert.run({ ...sealed });
    return metadataOfSealed(sealed);
  }

  async credentialOf(tenant: string): Promise<WilloCredential | undefined> {
    const sealed = this.read(tenant);
    return sealed && this.codec.open(sealed);
  }

  async metadataOf(tenant: string): Promise<WilloCredentialMetadata | undefined> {
    const sealed = this.read(tenant);
    return sealed && metadataOfSealed(sealed);
  }

  async delete(tenant: string): Promise<boolean> {
    checkWilloCredential(tenant);
    return Number(this.remove.run(tenant).changes) > 0;
  }

  private read(tenant: string): SealedWilloCredential | undefined {
    checkWilloCredential(tenant);
    return this.select.get(tenant) as SealedWilloCredential | undefined;
  }
}
