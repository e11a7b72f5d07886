import { join } from 'node:path';
import type { Durability } from '@srw/sqlite';
import type { TokenCipher } from '../crypto/token-cipher';
import type { WilloCredentialsStore } from './willo-credentials-store.port';

/** Where a service keeps its state: its MongoDB where `MONGODB_URL` is set, else files under `DATA_DIR`. */
export interface WilloCredentialsLocation {
  MONGODB_URL?: string | undefined;
  MONGODB_DATABASE: string;
  DATA_DIR: string;
  EMBEDDED_DURABILITY?: Durability | undefined;
}

/**
 * The tenants' Willo keys as every service shares them: MongoDB `willo_credentials` where
 * `MONGODB_URL` is set, else `DATA_DIR/willo-credentials.sqlite`. The mongodb driver loads only when used.
 */
export async function openWilloCredentialsStore(location: WilloCredentialsLocation, cipher: TokenCipher): Promise<WilloCredentialsStore> {
  if (location.MONGODB_URL) {
    const { MongoWilloCredentialsStore } = await import('./mongo/mongo-willo-credentials-store');
    return MongoWilloCredentialsStore.connect(location.MONGODB_URL, cipher, { database: location.MONGODB_DATABASE });
  }
  const { mkdirSync } = await import('node:fs');
  mkdirSync(location.DATA_DIR, { recursive: true });
  const { SqliteWilloCredentialsStore } = await import('./embedded/sqlite-willo-credentials-store');
  return new SqliteWilloCredentialsStore(join(location.DATA_DIR, 'willo-credentials.sqlite'), cipher, { ...(location.EMBEDDED_DURABILITY ? { durability: location.EMBEDDED_DURABILITY } : {}) });
}
