import { MongoClient, type Collection } from 'mongodb';
import { fromDriverError, isDuplicateKey, translate } from '../../mongo/translate';
import type { NonceStore } from '../nonce-store.port';

interface NonceDocument {
  _id: string;
  expiresAt: number;
}

export interface MongoNonceStoreOptions {
  database: string;
  /** Defaults to `oauth_nonces`. */
  collection?: string;
}

/**
 * The MongoDB nonce store: the nonce is the `_id`, whose unique index lets exactly one insert succeed.
 * Expired nonces are purged explicitly rather than by a TTL index, which FerretDB does not run.
 */
export class MongoNonceStore implements NonceStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly nonces: Collection<NonceDocument>,
  ) {}

  static async connect(url: string, options: MongoNonceStoreOptions): Promise<MongoNonceStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await translate('connect', () => client.connect());
    const nonces = client.db(options.database).collection<NonceDocument>(options.collection ?? 'oauth_nonces');
    await translate('create nonce index', () => nonces.createIndex({ expiresAt: 1 }, { name: 'expiresAt' }));
    return new MongoNonceStore(client, nonces);
  }

  async claim(nonce: string, expiresAt: number): Promise<boolean> {
    try {
      await this.nonces.insertOne({ _id: nonce, expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw fromDriverError('claim nonce', error);
    }
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await translate('purge nonces', () => this.nonces.deleteMany({ expiresAt: { $lte: now } }));
    return result.deletedCount;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
