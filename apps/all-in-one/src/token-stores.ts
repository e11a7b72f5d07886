import { join } from 'node:path';
import { TransientError } from '@srw/errors';
import { SqliteNonceStore, SqliteTokenVault, TokenCipher, type KeyRingConfig, type NonceStore, type TokenVault } from '@srw/vault';
import type { AllInOneConfig } from './config';

/**
 * connector-auth's token vault and OAuth nonce store for the all-in-one: SQLite in
 * `DATA_DIR/vault.sqlite` whatever the other adapters are, since this one process is their only
 * writer. Routes are built before the service starts, so `vault` and `nonces` stand for the stores
 * from the start and answer 503 (`TransientError`) until `open()` and after `close()`.
 */
export class TokenStores {
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

  open(config: Pick<AllInOneConfig, 'DATA_DIR' | 'EMBEDDED_DURABILITY'>, keyRing: KeyRingConfig): void {
    const path = join(config.DATA_DIR, 'vault.sqlite');
    const durability = config.EMBEDDED_DURABILITY;
    this.opened = { vault: new SqliteTokenVault(path, TokenCipher.fromConfig(keyRing), { durability }), nonces: new SqliteNonceStore(path, { durability }) };
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
