import type { Collection, MongoClient } from 'mongodb';
import type { TokenCipher } from '../../crypto/token-cipher';
import { connectVaultDatabase, insertUnlessTaken, MongoVaultStore } from '../../mongo/mongo-vault-store';
import { translate } from '../../mongo/translate';
import { checkWebhookKey, WebhookKeyCodec, webhookKeysKept, type WebhookKeyStore } from '../webhook-key-store.port';

/** One key of one tenant, under `_id` = [tenant, fingerprint]; `rememberedAt` (epoch ms) orders them. */
interface KeyDocument {
  _id: string;
  tenantId: string;
  fingerprint: string;
  ciphertext: string;
  rememberedAt: number;
}

export interface MongoWebhookKeyStoreOptions {
  database: string;
  /** Defaults to `webhook_keys`. */
  collection?: string;
  /** Orders the keys (default `Date.now`). */
  now?: () => number;
}

/** JSON, so no tenant id can be crafted to collide with another tenant's key. */
const idOf = (tenant: string, fingerprint: string) => JSON.stringify([tenant, fingerprint]);

/**
 * The MongoDB webhook key store. A key is an `insertOne` under its fingerprint's `_id`: a unique-key
 * insert is atomic on every MongoDB-wire server (FerretDB's conditional updates are not), so of
 * racing rememberers exactly one stores it and the rest see a duplicate key. Finds and deletes are
 * by `tenantId`, indexed with `rememberedAt` for the newest-first read.
 */
export class MongoWebhookKeyStore extends MongoVaultStore implements WebhookKeyStore {
  private readonly codec: WebhookKeyCodec;
  /** Strictly increasing here, so two keys remembered in one millisecond keep their order (across replicas: clock order). */
  private lastRememberedAt = 0;

  private constructor(
    client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
    cipher: TokenCipher,
    private readonly now: () => number,
  ) {
    super(client);
    this.codec = new WebhookKeyCodec(cipher);
  }

  static async connect(url: string, cipher: TokenCipher, options: MongoWebhookKeyStoreOptions): Promise<MongoWebhookKeyStore> {
    const { client, prepared: keys } = await connectVaultDatabase(url, options.database, async (db) => {
      const collection = db.collection<KeyDocument>(options.collection ?? 'webhook_keys');
      await translate('create webhook key index', () => collection.createIndex({ tenantId: 1, rememberedAt: -1 }));
      return collection;
    });
    return new MongoWebhookKeyStore(client, keys, cipher, options.now ?? Date.now);
  }

  async keysOf(tenant: string): Promise<readonly string[]> {
    checkWebhookKey(tenant);
    const docs = await this.newest(tenant);
    return docs.slice(0, webhookKeysKept).map((doc) => this.codec.open(tenant, doc.ciphertext));
  }

  async remember(tenant: string, key: string): Promise<void> {
    checkWebhookKey(tenant, key);
    const known = this.codec.fingerprints(tenant, key).map((fingerprint) => idOf(tenant, fingerprint));
    if (await translate('read webhook key', () => this.keys.findOne({ _id: { $in: known } }, { projection: { _id: 1 } }))) return;
    const sealed = this.codec.seal(tenant, key);
    const rememberedAt = (this.lastRememberedAt = Math.max(this.now(), this.lastRememberedAt + 1));
    const stored = await insertUnlessTaken(this.keys, { _id: idOf(tenant, sealed.fingerprint), tenantId: tenant, ...sealed, rememberedAt }, 'store webhook key');
    // Another rememberer stored it first.
    if (!stored) return;
    const stale = (await this.newest(tenant)).slice(webhookKeysKept).map((doc) => doc._id);
    if (stale.length > 0) await translate('prune webhook keys', () => this.keys.deleteMany({ _id: { $in: stale } }));
  }

  async forget(tenant: string): Promise<void> {
    checkWebhookKey(tenant);
    await translate('forget webhook keys', () => this.keys.deleteMany({ tenantId: tenant }));
  }

  private newest(tenant: string): Promise<KeyDocument[]> {
    return translate('read webhook keys', () => this.keys.find({ tenantId: tenant }).sort({ rememberedAt: -1, _id: -1 }).toArray());
  }
}
