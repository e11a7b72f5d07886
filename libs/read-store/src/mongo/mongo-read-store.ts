import { MongoClient, MongoServerError, type Collection, type Db, type Filter, type IndexDescription, type Sort } from 'mongodb';
import { ConflictError, TransientError, UpstreamError } from '@srw/errors';
import { checkCollectionSpec, checkDelete, checkDocumentKey, checkUpsert, checkWrites } from '../input-rules';
import { checkQuery, pageOf, type Cursor } from '../query-rules';
import type { CollectionSpec, DocumentKey, DocumentWrite, FindQuery, Page, ReadCollection, ReadStore, StoredDocument } from '../read-store.port';

interface MongoDocument {
  _id: string;
  tenantId: string;
  id: string;
  position: number;
  deleted: boolean;
  data: unknown;
}

const duplicateKey = 11000;
const namespaceNotFound = 26;
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === duplicateKey;

/**
 * Tenant and id make the key, so a document can only ever be addressed within its tenant. Neither may
 * contain a control character (`input-rules`), so the NUL between them never makes two pairs one key.
 */
const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

/** Our errors from the driver's: a duplicate key is a conflict, network and retryable-write errors are transient. */
async function translate<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = `MongoDB ${what} failed: ${(error as Error).message}`;
    if (isDuplicateKey(error)) throw new ConflictError(message, { cause: error });
    if (error instanceof MongoServerError && !error.hasErrorLabel('RetryableWriteError')) {
      throw new UpstreamError(message, 500, undefined, { cause: error, retryable: false });
    }
    throw new TransientError(message, { cause: error });
  }
}

/**
 * Documents after the cursor in (sort field, id) order. Missing and null sort values come first
 * ascending and last descending, as MongoDB sorts them, and need their own branch: no comparison
 * operator matches null.
 */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function afterCursor(sortPath: string, sorted: boolean, after: Cursor, descending: boolean): Filter<MongoDocument>[] {
  const op = descending ? '$lt' : '$gt';
  const nextId = { id: { [op]: after.id } };
  if (!sorted) return [nextId];
  if (after.value === null) {
    const laterNulls = { [sortPath]: null, ...nextId };
    return descending ? [laterNulls] : [laterNulls, { [sortPath]: { $ne: null } }];
  }
  const beyond = [{ [sortPath]: { [op]: after.value } }, { [sortPath]: after.value, ...nextId }];
  return descending ? [...beyond, { [sortPath]: null }] : beyond;
}

/**
 * Up to this many keys are looked up one `find` by `_id` alone each; more go in one `_id: {$in}`.
 * FerretDB 1.24 (SQLite backend) uses an index for neither (its `explain`: `SCAN`): it hands SQLite
 * a filter that is `_id` alone (a scan in SQL, ~25 ms at 10,000 documents), and scans every
 * document in Go for any other (~70-100 µs each: 0.7-1 s per `$in` at 10,000 documents, however
 * many ids; an `$or` of `_id` equalities took 6 s). Both grow with the collection alike, so which
 * is faster depends on the number of keys only: measured at 100 keys, the lookups took 1.25-1.5 s
 * on 8 connections against 0.7-1 s for the `$in`; at 16 and fewer they win, by far for the one or
 * two documents of a live event. On MongoDB both use the `_id` index.
 */
const lookupsUpTo = 16;
const lookupConcurrency = 8;

class MongoCollection<T extends object> implements ReadCollection<T> {
  constructor(
    private readonly collection: Collection<MongoDocument>,
    private readonly spec: CollectionSpec,
  ) {}

  private toDocument(doc: MongoDocument): StoredDocument<T> {
    return { tenantId: doc.tenantId, id: doc.id, position: doc.position, data: doc.data as T };
  }

  async get(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    checkDocumentKey(this.spec.name, tenantId, id);
    const doc = await translate('get', () => this.collection.findOne({ _id: keyOf(tenantId, id), deleted: false }));
    return doc ? this.toDocument(doc) : undefined;
  }

  /**
   * The filter matches only an older version; when a same-or-newer one exists the upsert tries to
   * insert a second document with the same key and fails on `_id`: that failure means "stale".
   */
  private async guardedWrite(tenantId: string, id: string, position: number, data: unknown, deleted: boolean) {
    const write = () =>
      translate('upsert', () =>
        this.collection.updateOne(
          { _id: keyOf(tenantId, id), position: { $lt: position } },
          { $set: { tenantId, id, position, deleted, data } },
          { upsert: true },
        ),
      );
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await write();
        return result.modifiedCount + result.upsertedCount > 0;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Either a same-or-newer version exists (stale), or two first writes raced and the other
        // inserted first: once more, the document exists and the position filter decides.
        if (attempt >= 2) return false;
      }
    }
  }

  /**
   * The stored position of each key the last `getMany` asked for (null: no document, not even a
   * tombstone). `applyEvents` calls `writeMany` right after `getMany` with the same keys, and on
   * FerretDB each lookup scans the collection: `writeMany` takes the positions from here instead of
   * scanning again. Positions only grow, so one read earlier is never wrong in a harmful way: a
   * write it calls stale is stale, one at an older position is guarded, and an insert that meets a
   * document written meanwhile falls back to the guarded upsert.
   */
  private lookedUp: Map<string, number | null> | undefined;

  async getMany(keys: readonly DocumentKey[]): Promise<StoredDocument<T>[]> {
    for (const { tenantId, id } of keys) checkDocumentKey(this.spec.name, tenantId, id);
    if (keys.length === 0) return [];
    const ids = keys.map(({ tenantId, id }) => keyOf(tenantId, id));
    const docs = await this.lookUp('getMany', ids);
    const positions = new Map<string, number | null>(ids.map((_id) => [_id, null]));
    for (const doc of docs) positions.set(doc._id, doc.position);
    this.lookedUp = positions;
    return docs.filter((doc) => !doc.deleted).map((doc) => this.toDocument(doc));
  }

  /**
   * The documents (tombstones included) with these keys. A few keys are looked up one `find` by
   * `_id` alone each (`lookupConcurrency` at a time), more in one `_id: {$in}`: see `lookupsUpTo`.
   */
  private async lookUp(what: string, ids: readonly string[], projection?: Record<string, 1>): Promise<MongoDocument[]> {
    const options = projection ? { projection } : {};
    if (ids.length > lookupsUpTo) return translate(what, () => this.collection.find({ _id: { $in: [...ids] } }, options).toArray());
    const found: MongoDocument[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lookupConcurrency, ids.length) }, async () => {
        while (next < ids.length) {
          const _id = ids[next++]!;
          const doc = await translate(what, () => this.collection.findOne({ _id }, options));
          if (doc) found.push(doc);
        }
      }),
    );
    return found;
  }

  /**
   * One lookup learns which keys exist (tombstones included) and at what position (taken from the
   * `getMany` just before, where it asked for them); writes at or below it are stale and never sent.
   * The new documents go in one unordered `insertMany`: an insert is
   * what FerretDB (SQLite backend) does fast, ~5,000 documents/s here against ~60 guarded updates/s.
   * The rest (documents that exist at an older position) go one guarded upsert at a time, as
   * `upsert` writes them: FerretDB 1.24 ran an unordered bulk of 300 guarded `updateOne`s for over
   * two minutes without answering, and ran a bulk of upserts at half the rate of one-by-one ones
   * (35 against 68 a second). After the fold in `applyEvents` they are few: one per document a batch
   * changes that existed before it. An insert that meets a key written meanwhile (a racing first write) falls back to the guarded
   * upsert for the new documents: FerretDB does not say reliably which inserts of a bulk failed.
   */
  async writeMany(writes: readonly DocumentWrite<T>[]): Promise<void> {
    const json = checkWrites(this.spec.name, writes);
    if (writes.length === 0) return;
    const ids = writes.map(({ tenantId, id }) => keyOf(tenantId, id));
    const known = this.lookedUp;
    this.lookedUp = undefined;
    const positions = new Map<string, number>();
    const unknown = ids.filter((_id) => known?.has(_id) !== true);
    for (const _id of ids) {
      const position = known?.get(_id);
      if (position !== undefined && position !== null) positions.set(_id, position);
    }
    if (unknown.length > 0) {
      for (const doc of await this.lookUp('writeMany (find)', unknown, { position: 1 })) positions.set(doc._id, doc.position);
    }
    const fresh: MongoDocument[] = [];
    const updates: MongoDocument[] = [];
    writes.forEach(({ tenantId, id, position }, n) => {
      const _id = ids[n]!;
      const storedAt = positions.get(_id);
      if (storedAt !== undefined && storedAt >= position) return;
      const data = json[n] === undefined ? null : (JSON.parse(json[n]) as unknown);
      const doc: MongoDocument = { _id, tenantId, id, position, deleted: data === null, data };
      (storedAt === undefined ? fresh : updates).push(doc);
    });
    for (const doc of updates) await this.guardedWrite(doc.tenantId, doc.id, doc.position, doc.data, doc.deleted);
    if (fresh.length === 0) return;
    try {
      await translate('writeMany (inserts)', () => this.collection.insertMany(fresh, { ordered: false }));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      for (const doc of fresh) await this.guardedWrite(doc.tenantId, doc.id, doc.position, doc.data, doc.deleted);
    }
  }

  async upsert(tenantId: string, id: string, data: T, position: number): Promise<boolean> {
    // Stored as JSON reads it back, so both adapters keep exactly the same data.
    const json = checkUpsert(this.spec.name, tenantId, id, data, position);
    return this.guardedWrite(tenantId, id, position, JSON.parse(json), false);
  }

  async delete(tenantId: string, id: string, position: number): Promise<boolean> {
    checkDelete(this.spec.name, tenantId, id, position);
    return this.guardedWrite(tenantId, id, position, null, true);
  }

  async find(tenantId: string, query?: FindQuery): Promise<Page<T>> {
    const q = checkQuery(this.spec, tenantId, query);
    const filter: Filter<MongoDocument> & Record<string, unknown> = { tenantId, deleted: false };
    for (const [field, value] of q.where) filter[`data.${field}`] = value;
    // Escaped: the text is matched literally, never as a pattern. A string only, as on the embedded store.
    if (q.contains) filter['$and'] = [{ [`data.${q.contains.field}`]: { $type: 'string', $regex: escapeRegex(q.contains.text) } }];
    const sortPath = q.sortField ? `data.${q.sortField}` : 'id';
    if (q.after) filter['$or'] = afterCursor(sortPath, q.sortField !== undefined, q.after, q.descending);
    const direction = q.descending ? -1 : 1;
    const sort: Sort = q.sortField ? { [sortPath]: direction, id: direction } : { id: direction };
    const docs = await translate('find', () => this.collection.find(filter).sort(sort).limit(q.limit + 1).toArray());
    return pageOf(docs.map((doc) => this.toDocument(doc)), q);
  }
}

export interface MongoReadStoreOptions {
  /** `mongodb://host:27017/` */
  url: string;
  database: string;
}

async function existingIndexNames(collection: Collection<MongoDocument>): Promise<Set<string>> {
  return translate('listIndexes', async () => {
    try {
      return new Set((await collection.listIndexes().toArray()).map((index) => String(index.name)));
    } catch (error) {
      if (error instanceof MongoServerError && error.code === namespaceNotFound) return new Set<string>();
      throw error;
    }
  });
}

/**
 * Creates the indexes that do not exist yet, one per request. FerretDB drops the connection on a
 * `createIndexes` naming two or more indexes that already exist, which is what every restart would
 * send; one index per request also keeps two services opening a fresh collection at once from
 * meeting that case.
 */
async function ensureIndexes(collection: Collection<MongoDocument>, indexes: (IndexDescription & { name: string })[]): Promise<void> {
  const existing = await existingIndexNames(collection);
  for (const index of indexes.filter((index) => !existing.has(index.name))) {
    await translate('createIndexes', () => collection.createIndexes([index]));
  }
}

/**
 * The MongoDB adapter. It uses finds, upserts and indexes only (no transactions, change streams or
 * aggregation stages beyond the basics), so it runs the same on MongoDB and on FerretDB.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;
  private closed = false;

  private constructor(private readonly client: MongoClient, database: string) {
    this.db = client.db(database);
  }

  /** Connects before returning, so a wrong URL or a server that is down fails here. */
  static async open({ url, database }: MongoReadStoreOptions): Promise<MongoReadStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await translate('connect', () => client.connect());
    return new MongoReadStore(client, database);
  }

  async collection<T extends object>(spec: CollectionSpec): Promise<ReadCollection<T>> {
    checkCollectionSpec(spec);
    const collection = this.db.collection<MongoDocument>(spec.name);
    await ensureIndexes(collection, [
      { key: { tenantId: 1, id: 1 }, name: 'tenant_id' },
      ...spec.indexes.map((index, n) => ({
        key: Object.fromEntries([['tenantId', 1], ...index.fields.map((f) => [`data.${f}`, 1]), ['id', 1]]) as IndexDescription['key'],
        name: `i${n}_${index.fields.join('_')}`.slice(0, 60),
      })),
    ]);
    return new MongoCollection<T>(collection, spec);
  }

  /** The server's `ping` command: answered by MongoDB and FerretDB alike, without touching data. */
  async ping(): Promise<void> {
    // The driver reconnects a closed client on its next operation: a closed store must say so instead.
    if (this.closed) throw new TransientError('MongoDB read store is closed');
    await translate('ping', () => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }
}
