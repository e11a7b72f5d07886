/**
 * The read-store port: documents of read models, each updated by events and guarded by the global
 * position of the last event applied, so that redelivery and replay change nothing. Every call is
 * scoped to a tenant: there is no way to read or write across tenants.
 *
 * Every call checks its input at run time, whatever the caller's types claim, and throws
 * `ValidationError` (nothing is read or written) for: a tenant or id that is not a string of 1 to 512
 * characters without control characters; a position that is not a non-negative integer; a filter
 * value that is not a plain scalar (an operator object such as `{ $ne: null }`, an array); data that
 * is not a plain JSON object, or holds a key MongoDB cannot store (`$` first, `.` or NUL) at any depth,
 * or is over 1 MiB as JSON or nested over 32 levels. Properties set to `undefined` are left out.
 *
 * Two adapters pass one contract suite (`testing/read-store.contract.ts`): MongoDB (finds, upserts,
 * indexes and bulk writes only, so it runs on FerretDB too) and embedded SQLite.
 */

export type FieldValue = string | number | boolean | null;

export interface IndexSpec {
  /** Fields of the document's data; every index is prefixed by the tenant. */
  fields: readonly string[];
}

export interface CollectionSpec {
  name: string;
  indexes: readonly IndexSpec[];
  /**
   * Text fields a find may filter by substring (`FindQuery.contains`). No index serves a substring,
   * so the filter runs over the documents the query's tenant, `where` and sort select: declare it
   * only on collections whose per-tenant size is bounded (a tenant's jobs), never on a timeline.
   */
  searchable?: readonly string[];
}

export interface StoredDocument<T> {
  tenantId: string;
  id: string;
  /** Global position of the last event applied to this document. */
  position: number;
  data: T;
}

export interface FindQuery {
  /** Equality on indexed fields. */
  where?: Readonly<Record<string, FieldValue>>;
  /** An indexed field; ties are broken by document id. Defaults to the id. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  /** Defaults to 50, at most 500. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /**
   * Only documents whose `field` (a string, declared `searchable`) contains `text`, compared
   * exactly, case and accents included: a case-insensitive search stores a normalised copy of the
   * field and searches it with normalised text. `text` is 1 to 200 characters without control characters.
   */
  contains?: { field: string; text: string };
}

export interface Page<T> {
  items: StoredDocument<T>[];
  /** Present when more documents follow. */
  nextCursor?: string;
}

export interface DocumentKey {
  tenantId: string;
  id: string;
}

/** One write of `writeMany`: `data` is the document as `upsert` writes it, `undefined` deletes it as `delete` does. */
export interface DocumentWrite<T> extends DocumentKey {
  position: number;
  data: T | undefined;
}

export interface ReadCollection<T extends object> {
  get(tenantId: string, id: string): Promise<StoredDocument<T> | undefined>;
  /**
   * The documents at these keys, in one round trip; absent and deleted ones are left out, the rest
   * come in no particular order. Each key is checked as `get` checks it.
   */
  getMany(keys: readonly DocumentKey[]): Promise<StoredDocument<T>[]>;
  /**
   * Writes `data` if the document is absent or was last written at an older position. Returns false
   * (and changes nothing) when its position is the same or newer.
   */
  upsert(tenantId: string, id: string, data: T, position: number): Promise<boolean>;
  /**
   * Removes the document as of `position`, leaving a tombstone so that an older, redelivered upsert
   * cannot bring it back. Returns false when the document was written at the same or a newer position.
   */
  delete(tenantId: string, id: string, position: number): Promise<boolean>;
  /**
   * Applies each write as `upsert` or `delete` would, with the same position guard and tombstones,
   * in as few round trips as the store allows (embedded: one transaction; MongoDB: one find, one
   * `insertMany` of the new documents, then a guarded update for each existing one). Resolves once every
   * write is applied or found stale; nothing says which were (a stale write changes nothing). The
   * writes are independent: there is no atomicity across them, and after a failure (a `TransientError`)
   * some may be applied: repeating the call is safe. Every write is checked before any is sent; two
   * writes to one key are a `ValidationError`.
   */
  writeMany(writes: readonly DocumentWrite<T>[]): Promise<void>;
  /** Finds by indexed fields; throws `ValidationError` for a field no index covers. */
  find(tenantId: string, query?: FindQuery): Promise<Page<T>>;
}

export interface ReadStore {
  /** Opens a collection, creating it and its indexes if needed. */
  collection<T extends object>(spec: CollectionSpec): Promise<ReadCollection<T>>;
  /**
   * A cheap round trip proving the store answers now, for readiness probes. Resolves when it does;
   * rejects naming the cause (a `TransientError` where a retry may help) when the server is
   * unreachable or the store is closed. It touches no collection.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const defaultPageSize = 50;
export const maxPageSize = 500;
