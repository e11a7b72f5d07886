import { MongoClient, type Collection } from 'mongodb';
import type { TokenCipher } from '../../crypto/token-cipher';
import { translate } from '../../mongo/translate';
import {
  checkWilloCredential,
  metadataOfSealed,
  WilloCredentialCodec,
  type SealedWilloCredential,
  type WilloCredential,
  type WilloCredentialMetadata,
  type WilloCredentialsStore,
} from '../willo-credentials-store.port';

/** One tenant's key under `_id` = tenant: setting is a whole-document replace (last writer wins). */
interface CredentialDocument extends SealedWilloCredential {
  _id: string;
}

export interface MongoWilloCredentialsStoreOptions {
  database: string;
  /** Defaults to `willo_credentials`. */
  collection?: string;
}

export class MongoWilloCredentialsStore implements WilloCredentialsStore {
  private readonly codec: WilloCredentialCodec;

  private constructor(
    private readonly client: MongoClient,
    private readonly credentials: Collection<CredentialDocument>,
    cipher: TokenCipher,
  ) {
    this.codec = new WilloCredentialCodec(cipher);
  }

  static async connect(url: string, cipher: TokenCipher, options: MongoWilloCredentialsStoreOptions): Promise<MongoWilloCredentialsStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await translate('connect', () => client.connect());
    return new MongoWilloCredentialsStore(client, client.db(options.database).collection(options.collection ?? 'willo_credentials'), cipher);
  }

  async set(tenant: string, apiKey: string, at: Date): Promise<WilloCredentialMetadata> {
    checkWilloCredential(tenant, apiKey);
    const sealed = this.codec.seal(tenant, apiKey, at);
    await translate('store Willo API key', () => this.credentials.replaceOne({ _id: tenant }, { ...sealed }, { upsert: true }));
    return metadataOfSealed(sealed);
  }

  async credentialOf(tenant: string): Promise<WilloCredential | undefined> {
    const sealed = await this.read(tenant);
    return sealed && this.codec.open(sealed);
  }

  async metadataOf(tenant: string): Promise<WilloCredentialMetadata | undefined> {
    const sealed = await this.read(tenant);
    return sealed && metadataOfSealed(sealed);
  }

  async delete(tenant: string): Promise<boolean> {
    checkWilloCredential(tenant);
    const { deletedCount } = await translate('delete Willo API key', () => this.credentials.deleteOne({ _id: tenant }));
    return deletedCount > 0;
  }

  private async read(tenant: string): Promise<SealedWilloCredential | undefined> {
    checkWilloCredential(tenant);
    const doc = await translate('read Willo API key', () => this.credentials.findOne({ _id: tenant }));
    if (!doc) return undefined;
    const { _id, ...sealed } = doc;
    return sealed;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
