import { MongoClient, MongoServerError, type Collection, type Db, type Filter, type Sort } from 'mongodb';
import { TransientError } from '@srw/errors';
import { checkCollectionName } from '../collection-name';
import { checkQuery, pageOf } from '../query-rules';
import type { CollectionSpec, FindQuery, Page, ReadCollection, ReadStore, StoredDocument } from '../read-store.port';

interface MongoDocument {
  _id: string;
  tenantId: string;
  id: string;
  position: number;
  deleted: boolean;
  data: unknown;
}

const duplicateKey = 11000;
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === duplicateKey;

/** Tenant and id make the key, so a document can only ever be addressed within its tenant. */
const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

async function translate<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MongoServerError && !error.hasErrorLabel('RetryableWriteError')) throw error;
    throw new TransientError(`MongoDB ${what} failed: ${(error as Error).message}`, { cause: error });
  }
}

class MongoCollection<T extends object> implements ReadCollection<T> {
  constructor(
    private readonly collection: Collection<MongoDocument>,
    private readonly spec: CollectionSpec,
  ) {}

  private toDocument(doc: MongoDocument): StoredDocument<T> {
    return { tenantId: doc.tenantId, id: doc.id, position: doc.position, data: doc.data as T };
  }

  async get(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    const doc = await translate('get', () => this.collection.findOne({ _id: keyOf(tenantId, id), deleted: false }));
    return doc ? this.toDocument(doc) : undefined;
  }

  /**
   * The filter matches only an older version; when a same-or-newer one exists the upsert tries to
   * insert a second document with the same key and fails on `_id`: that failure means "stale".
   */
  private async guardedWrite(tenantId: string, id: string, position: number, data: unknown, deleted: boolean) {
    try {
      const result = await translate('upsert', () =>
        this.collection.updateOne(
          { _id: keyOf(tenantId, id), position: { $lt: position } },
          { $set: { tenantId, id, position, deleted, data } },
          { upsert: true },
        ),
      );
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  upsert(tenantId: string, id: string, data: T, position: number): Promise<boolean> {
    return this.guardedWrite(tenantId, id, position, data, false);
  }

  delete(tenantId: string, id: string, position: number): Promise<boolean> {
    return this.guardedWrite(tenantId, id, position, null, true);
  }

  async find(tenantId: string, query: FindQuery = {}): Promise<Page<T>> {
    const q = checkQuery(this.spec, query);
    const filter: Filter<MongoDocument> & Record<string, unknown> = { tenantId, deleted: false };
    for (const [field, value] of q.where) filter[`data.${field}`] = value;
    const sortPath = q.sortField ? `data.${q.sortField}` : 'id';
    const op = q.descending ? '$lt' : '$gt';
    if (q.after) {
      filter['$or'] = q.sortField
        ? [{ [sortPath]: { [op]: q.after.value } }, { [sortPath]: q.after.value, id: { [op]: q.after.id } }]
        : [{ id: { [op]: q.after.id } }];
    }
    const direction = q.descending ? -1 : 1;
    const sort: Sort = q.sortField ? { [sortPath]: direction, id: direction } : { id: direction };
    const docs = await translate('find', () => this.collection.find(filter).sort(sort).limit(q.limit + 1).toArray());
    return pageOf(docs.map((doc) => this.toDocument(doc)), q);
  }
}

/**
 * The MongoDB adapter. It uses finds, upserts and indexes only (no transactions, change streams or
 * aggregation stages beyond the basics), so it runs the same on MongoDB and on FerretDB.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;

  private constructor(private readonly client: MongoClient, database: string) {
    this.db = client.db(database);
  }

  static async connect(url: string, database: string): Promise<MongoReadStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await translate('connect', () => client.connect());
    return new MongoReadStore(client, database);
  }

  async collection<T extends object>(spec: CollectionSpec): Promise<ReadCollection<T>> {
    checkCollectionName(spec.name);
    const collection = this.db.collection<MongoDocument>(spec.name);
    await translate('createIndexes', () =>
      collection.createIndexes([
        { key: { tenantId: 1, id: 1 }, name: 'tenant_id' },
        ...spec.indexes.map((index, n) => ({
          key: Object.fromEntries([['tenantId', 1], ...index.fields.map((f) => [`data.${f}`, 1]), ['id', 1]]),
          name: `i${n}_${index.fields.join('_')}`.slice(0, 60),
        })),
      ]),
    );
    return new MongoCollection<T>(collection, spec);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
