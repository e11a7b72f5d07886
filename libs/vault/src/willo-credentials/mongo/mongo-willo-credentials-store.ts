import type { Collection, MongoClient } from 'mongodb';
import type { TokenCipher } from '../../crypto/token-cipher';
import { connectVaultDatabase, MongoVaultStore } from '../../mongo/mongo-vault-store';
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

export class MongoWilloCredentialsStore extends MongoVaultStore implements WilloCredentialsStore {
  private readonly codec: WilloCredentialCodec;

  private constructor(
    client: MongoClient,
    private readonly credentials: Collection<CredentialDocument>,
    cipher: TokenCipher,
  ) {
    super(client);
    this.codec = new WilloCredentialCodec(cipher);
  }

  static async connect(url: string, cipher: TokenCipher, options: MongoWilloCredentialsStoreOptions): Promise<MongoWilloCredentialsStore> {
    const { client, prepared: credentials } = await connectVaultDatabase(url, options.database, async (db) =>
      db.collection<CredentialDocument>(options.collection ?? 'willo_credentials'),
    );
    return new MongoWilloCredentialsStore(client, credentials, cipher);
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
}
