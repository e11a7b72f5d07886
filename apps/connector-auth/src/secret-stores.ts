import { join } from 'node:path';
import { TransientError } from '@srw/errors';
import { SqliteNonceStore, SqliteTokenVault, TokenCipher, type NonceStore, type TokenVault } from '@srw/vault';
import { keyRingOf, type ConnectorAuthConfig } from './config';

type StoreSettings = Pick<ConnectorAuthConfig, 'DATA_DIR' | 'EMBEDDED_DURABILITY' | 'MONGODB_URL' | 'MONGODB_DATABASE' | 'VAULT_KEYS' | 'VAULT_CURRENT_KEY_ID'>;

/**
 * The token vault and the OAuth nonce store, opened when the service starts (a MongoDB connection
 * is asynchronous, routes are built before): MongoDB where `MONGODB_URL` is set (collection
 * `credentials`), else SQLite in `DATA_DIR/vault.sqlite`. `vault` and `nonces` stand for them from
 * the start and answer 503 until they are open.
 */
export class SecretStores {
  private opened: { vault: TokenVault; nonces: NonceStore } | undefined;

  readonly vault: TokenVault = {
    read: (tenant) => this.current().vault.read(tenant),
    create: (tenant, tokens) => this.current().vault.create(tenant, tokens),
    compareAndSwap: (tenant, expected, next) => this.current().vault.compareAndSwap(tenant, expected, next),
    delete: (tenant) => this.current().vault.delete(tenant),
    close: () => this.close(),
  };

  readonly nonces: NonceStore = {
    claim: (nonce, expiresAt) => this.current().nonces.claim(nonce, expiresAt),
    purgeExpired: (now) => this.current().nonces.purgeExpired(now),
    close: () => this.close(),
  };

  async open(config: StoreSettings): Promise<void> {
    const cipher = TokenCipher.fromConfig(keyRingOf(config));
    if (config.MONGODB_URL) {
      // Loaded on demand: an embedded run never loads the MongoDB driver.
      const { MongoNonceStore, MongoTokenVault } = await import('@srw/vault/mongo');
      const vault = await MongoTokenVault.connect(config.MONGODB_URL, cipher, { database: config.MONGODB_DATABASE });
      try {
        this.opened = { vault, nonces: await MongoNonceStore.connect(config.MONGODB_URL, { database: config.MONGODB_DATABASE }) };
      } catch (error) {
        await vault.close();
        throw error;
      }
      return;
    }
    const path = join(config.DATA_DIR, 'vault.sqlite');
    const durability = config.EMBEDDED_DURABILITY;
    this.opened = { vault: new SqliteTokenVault(path, cipher, { durability }), nonces: new SqliteNonceStore(path, { durability }) };
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    await opened?.nonces.close();
    await opened?.vault.close();
  }

  private current() {
    if (!this.opened) throw new TransientError('the token vault is not open: the service is starting or stopping');
    return this.opened;
  }
}
