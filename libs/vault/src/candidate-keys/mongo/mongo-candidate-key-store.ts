import type { Collection, MongoClient } from 'mongodb';
import type { TokenCipher } from '../../crypto/token-cipher';
import { connectVaultDatabase, insertUnlessTaken, MongoVaultStore } from '../../mongo/mongo-vault-store';
import { fromDriverError, isDuplicateKey, translate } from '../../mongo/translate';
import { CandidateShreddedError, checkCandidate, type CandidateKey, type CandidateKeyStore } from '../candidate-key-store.port';
import { KeyWrapper } from '../key-wrapping';

/** A live key (`keyId`, `wrappedKey`) or a tombstone (`shreddedAt` only), under one `_id` per candidate. */
interface KeyDocument {
  _id: string;
  tenantId: string;
  candidateId: string;
  keyId?: string;
  wrappedKey?: string;
  shreddedAt?: string;
}

export interface MongoCandidateKeyStoreOptions {
  database: string;
  /** Defaults to `candidate_keys`. */
  collection?: string;
}

/** JSON, so no tenant or candidate id can be crafted to collide with another pair. */
const idOf = (tenant: string, candidateId: string) => JSON.stringify([tenant, candidateId]);

/**
 * The MongoDB key store. A key is created by `insertOne` under the candidate's `_id`: a unique-key
 * insert is atomic on every MongoDB-wire server (FerretDB's conditional updates are not, see the
 * token vault), so of racing creators exactly one inserts and the rest read its key. A shred
 * replaces the document with a tombstone; a creator racing it either lost to the tombstone (and
 * reads it) or inserted first (and its key is then replaced). A caller that got the key just before
 * the shred may still encrypt under it: that ciphertext is as unreadable as the rest.
 */
export class MongoCandidateKeyStore extends MongoVaultStore implements CandidateKeyStore {
  private readonly wrapper: KeyWrapper;

  private constructor(
    client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
    cipher: TokenCipher,
  ) {
    super(client);
    this.wrapper = new KeyWrapper(cipher);
  }

  static async connect(url: string, cipher: TokenCipher, options: MongoCandidateKeyStoreOptions): Promise<MongoCandidateKeyStore> {
    const { client, prepared: keys } = await connectVaultDatabase(url, options.database, async (db) =>
      db.collection<KeyDocument>(options.collection ?? 'candidate_keys'),
    );
    return new MongoCandidateKeyStore(client, keys, cipher);
  }

  async keyFor(tenant: string, candidateId: string): Promise<CandidateKey> {
    checkCandidate(tenant, candidateId);
    let doc = await this.read(tenant, candidateId);
    if (!doc) {
      const fresh = this.wrapper.generate(tenant, candidateId);
      const created: KeyDocument = { _id: idOf(tenant, candidateId), tenantId: tenant, candidateId, ...fresh };
      doc = (await insertUnlessTaken(this.keys, created, 'create candidate key')) ? created : await this.read(tenant, candidateId);
    }
    if (!doc?.wrappedKey || !doc.keyId) throw new CandidateShreddedError(tenant, candidateId);
    return this.wrapper.unwrap(tenant, candidateId, { keyId: doc.keyId, wrappedKey: doc.wrappedKey });
  }

  async find(tenant: string, candidateId: string): Promise<CandidateKey | undefined> {
    checkCandidate(tenant, candidateId);
    const doc = await this.read(tenant, candidateId);
    if (!doc?.wrappedKey || !doc.keyId) return undefined;
    return this.wrapper.unwrap(tenant, candidateId, { keyId: doc.keyId, wrappedKey: doc.wrappedKey });
  }

  async isShredded(tenant: string, candidateId: string): Promise<boolean> {
    checkCandidate(tenant, candidateId);
    return (await this.read(tenant, candidateId))?.shreddedAt !== undefined;
  }

  async shred(tenant: string, candidateId: string, shreddedAt: Date): Promise<boolean> {
    checkCandidate(tenant, candidateId);
    const _id = idOf(tenant, candidateId);
    const tombstone = { tenantId: tenant, candidateId, shreddedAt: shreddedAt.toISOString() };
    for (let attempt = 1; ; attempt++) {
      const before = await this.read(tenant, candidateId);
      if (before?.shreddedAt !== undefined) return false;
      try {
        // Unconditional on purpose: whatever key is stored, the tombstone replaces it.
        await this.keys.replaceOne({ _id }, tombstone, { upsert: true });
        return Boolean(before?.wrappedKey);
      } catch (error) {
        // An upsert racing a creator's insert can lose the insert half: the document exists now, replace it.
        if (!isDuplicateKey(error) || attempt >= 3) throw fromDriverError('shred candidate key', error);
      }
    }
  }

  private read(tenant: string, candidateId: string): Promise<KeyDocument | null> {
    return translate('read candidate key', () => this.keys.findOne({ _id: idOf(tenant, candidateId) }));
  }
}
