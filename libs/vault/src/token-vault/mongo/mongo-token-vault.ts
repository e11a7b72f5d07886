import { randomUUID } from 'node:crypto';
import type { Collection, MongoClient } from 'mongodb';
import { ConflictError } from '@srw/errors';
import type { TokenCipher } from '../../crypto/token-cipher';
import { connectVaultDatabase, insertUnlessTaken, MongoVaultStore } from '../../mongo/mongo-vault-store';
import { translate } from '../../mongo/translate';
import { checkTenant, GrantCodec, type SealedGrant } from '../grant-codec';
import type { GrantTokens, StoredGrant, TokenVault } from '../token-vault.port';

/** One document per tenant, keyed by the tenant: no query can reach another tenant's grant. */
interface GrantDocument extends SealedGrant {
  _id: string;
  version: number;
  /** Random per write: names this exact state of the record, for the swap claim below. */
  writeId: string;
}

/** "Someone is replacing write `writeId` of this tenant's grant": at most one per write, by the unique `_id`. */
interface SwapClaim {
  _id: string;
  tenantId: string;
}

export interface MongoTokenVaultOptions {
  database: string;
  /** Defaults to `credentials` (ARCHITECTURE §2); the swap claims go to `<collection>_swaps`. */
  collection?: string;
}

const claimId = (tenant: string, writeId: string) => `${tenant}\u0000${writeId}`;

/**
 * The MongoDB vault. A conditional `updateOne` alone would be enough on MongoDB, but FerretDB runs it
 * as a find then a write, and the contract's race showed several swappers winning. So a swap first
 * inserts a claim keyed by (tenant, the write it replaces): a unique-key insert is atomic on every
 * MongoDB-wire server, so exactly one swapper per stored write gets past it, and its update (filtered
 * on that write and on the expected token's keyed hash) has no competitor. No transactions needed.
 *
 * A process that dies between claim and release leaves the claim, and later swaps from that refresh
 * token answer false. That window lies after SR has already spent the refresh token (the caller
 * refreshes, then swaps), so the grant is lost either way and needs a reconnect, which is `delete`
 * (it drops the tenant's claims) and `create` (a new write id).
 */
export class MongoTokenVault extends MongoVaultStore implements TokenVault {
  private readonly codec: GrantCodec;

  private constructor(
    client: MongoClient,
    private readonly grants: Collection<GrantDocument>,
    private readonly claims: Collection<SwapClaim>,
    cipher: TokenCipher,
  ) {
    super(client);
    this.codec = new GrantCodec(cipher);
  }

  static async connect(url: string, cipher: TokenCipher, options: MongoTokenVaultOptions): Promise<MongoTokenVault> {
    const name = options.collection ?? 'credentials';
    const { client, prepared } = await connectVaultDatabase(url, options.database, async (db) => {
      const claims = db.collection<SwapClaim>(`${name}_swaps`);
      await translate('create swap-claim index', () => claims.createIndex({ tenantId: 1 }, { name: 'tenantId' }));
      return { grants: db.collection<GrantDocument>(name), claims };
    });
    return new MongoTokenVault(client, prepared.grants, prepared.claims, cipher);
  }

  async read(tenant: string): Promise<StoredGrant | undefined> {
    checkTenant(tenant);
    const doc = await translate('read grant', () => this.grants.findOne({ _id: tenant }));
    return doc ? this.codec.open(tenant, doc, doc.version) : undefined;
  }

  async create(tenant: string, tokens: GrantTokens): Promise<StoredGrant> {
    checkTenant(tenant);
    const sealed = this.codec.seal(tenant, tokens);
    if (!(await insertUnlessTaken(this.grants, { _id: tenant, version: 1, writeId: randomUUID(), ...sealed }, 'create grant'))) {
      throw new ConflictError(`tenant ${tenant} already has a stored SR grant`);
    }
    return { ...tokens, scopes: [...tokens.scopes], version: 1 };
  }

  async compareAndSwap(tenant: string, expectedRefreshToken: string, next: GrantTokens): Promise<boolean> {
    checkTenant(tenant);
    const sealed = this.codec.seal(tenant, next);
    const expected = this.codec.expectedFingerprints(tenant, expectedRefreshToken);
    const current = await translate('read grant', () =>
      this.grants.findOne({ _id: tenant, refreshFingerprint: { $in: expected } }, { projection: { writeId: 1, version: 1 } }),
    );
    if (!current) return false;
    if (!(await this.claimSwap(tenant, current.writeId))) return false;
    try {
      const result = await translate('swap grant', () =>
        this.grants.updateOne(
          { _id: tenant, writeId: current.writeId, refreshFingerprint: { $in: expected } },
          { $set: { ...sealed, writeId: randomUUID(), version: current.version + 1 } },
        ),
      );
      return result.modifiedCount === 1;
    } finally {
      // Released whether or not the update went through: a late swapper that claims this write again
      // finds no record with that writeId (the update replaced it) or retries a write that failed.
      await translate('release swap claim', () => this.claims.deleteOne({ _id: claimId(tenant, current.writeId) }));
    }
  }

  private claimSwap(tenant: string, writeId: string): Promise<boolean> {
    return insertUnlessTaken(this.claims, { _id: claimId(tenant, writeId), tenantId: tenant }, 'claim swap');
  }

  async delete(tenant: string): Promise<boolean> {
    checkTenant(tenant);
    const result = await translate('delete grant', () => this.grants.deleteOne({ _id: tenant }));
    await translate('delete swap claims', () => this.claims.deleteMany({ tenantId: tenant }));
    return result.deletedCount === 1;
  }
}
