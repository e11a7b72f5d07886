import { openSqlite, pingSqlite, writeTransaction, type DatabaseSync, type Durability, type StatementSync } from '@srw/sqlite';
import { checkQuery, pageOf, type Cursor } from '../query-rules';
import type { CollectionSpec, DocumentKey, DocumentWrite, FieldValue, FindQuery, Page, ReadCollection, ReadStore, StoredDocument } from '../read-store.port';
import { checkCollectionSpec, checkDelete, checkDocumentKey, checkUpsert, checkWrites } from '../input-rules';

interface Row {
  tenant: string;
  id: string;
  position: number;
  data: string;
}

/** SQLite binds no booleans; JSON booleans come out of json_extract as 1 and 0. */
const bindable = (value: FieldValue) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const jsonPath = (field: string) => `'$.${field}'`;
/**
 * json_extract makes `true` the integer 1 and an object its JSON text, so equality alone would match
 * across types; MongoDB never does, and the JSON type keeps the two adapters' answers the same.
 */
const jsonTypesOf = (value: string | number | boolean) =>
  typeof value === 'boolean' ? `'${value}'` : typeof value === 'number' ? `'integer', 'real'` : `'text'`;

/**
 * Rows after the cursor in (sort value, id) order. SQLite sorts NULL (a missing or null field)
 * first ascending and last descending, and no comparison with NULL is true: nulls get their own branch.
 */
function afterCursor(sortExpression: string | undefined, after: Cursor, descending: boolean): { sql: string; params: (string | number | null)[] } {
  const op = descending ? '<' : '>';
  if (!sortExpression) return { sql: `id ${op} ?`, params: [after.id] };
  if (after.value === null) {
    const laterNulls = `(${sortExpression} IS NULL AND id ${op} ?)`;
    return { sql: descending ? laterNulls : `(${laterNulls} OR ${sortExpression} IS NOT NULL)`, params: [after.id] };
  }
  const value = bindable(after.value);
  const beyond = `${sortExpression} ${op} ? OR (${sortExpression} = ? AND id ${op} ?)`;
  return {
    sql: descending ? `(${beyond} OR ${sortExpression} IS NULL)` : `(${beyond})`,
    params: [value, value, after.id],
  };
}

class SqliteCollection<T extends object> implements ReadCollection<T> {
  private readonly table: string;
  private readonly getStatement: StatementSync;
  private readonly upsertStatement: StatementSync;
  private readonly deleteStatement: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly spec: CollectionSpec,
  ) {
    this.table = `rm_${spec.name}`;
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (
      tenant   TEXT NOT NULL,
      id       TEXT NOT NULL,
      position INTEGER NOT NULL,
      deleted  INTEGER NOT NULL DEFAULT 0,
      data     TEXT,
      PRIMARY KEY (tenant, id)
    ) WITHOUT ROWID`);
    spec.indexes.forEach((index, n) => {
      const columns = index.fields.map((f) => `json_extract(data, ${jsonPath(f)})`).join(', ');
      db.exec(`CREATE INDEX IF NOT EXISTS ${this.table}_i${n} ON ${this.table} (tenant, ${columns}, id)`);
    });
    this.getStatement = db.prepare(`SELECT * FROM ${this.table} WHERE tenant = ? AND id = ? AND deleted = 0`);
    this.upsertStatement = db.prepare(
      `INSERT INTO ${this.table} (tenant, id, position, deleted, data) VALUES (?, ?, ?, 0, ?)
       ON CONFLICT (tenant, id) DO UPDATE SET position = excluded.position, deleted = 0, data = excluded.data
       WHERE excluded.position > ${this.table}.position`,
    );
    this.deleteStatement = db.prepare(
      `INSERT INTO ${this.table} (tenant, id, position, deleted, data) VALUES (?, ?, ?, 1, NULL)
       ON CONFLICT (tenant, id) DO UPDATE SET position = excluded.position, deleted = 1, data = NULL
       WHERE excluded.position > ${this.table}.position`,
    );
  }

  private toDocument(row: Row): StoredDocument<T> {
    return { tenantId: row.tenant, id: row.id, position: row.position, data: JSON.parse(row.data) as T };
  }

  async get(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    checkDocumentKey(this.spec.name, tenantId, id);
    const row = this.getStatement.get(tenantId, id) as Row | undefined;
    return row && this.toDocument(row);
  }

  async getMany(keys: readonly DocumentKey[]): Promise<StoredDocument<T>[]> {
    for (const { tenantId, id } of keys) checkDocumentKey(this.spec.name, tenantId, id);
    return keys.flatMap(({ tenantId, id }) => {
      const row = this.getStatement.get(tenantId, id) as Row | undefined;
      return row ? [this.toDocument(row)] : [];
    });
  }

  /** One transaction: one commit (and, with `power-loss` durability, one fsync) for the lot. */
  async writeMany(writes: readonly DocumentWrite<T>[]): Promise<void> {
    const json = checkWrites(this.spec.name, writes);
    if (writes.length === 0) return;
    writeTransaction(this.db, () =>
      writes.forEach(({ tenantId, id, position }, n) => {
        const data = json[n];
        if (data === undefined) this.deleteStatement.run(tenantId, id, position);
        else this.upsertStatement.run(tenantId, id, position, data);
      }),
    );
  }

  async upsert(tenantId: string, id: string, data: T, position: number): Promise<boolean> {
    const json = checkUpsert(this.spec.name, tenantId, id, data, position);
    return Number(this.upsertStatement.run(tenantId, id, position, json).changes) > 0;
  }

  async delete(tenantId: string, id: string, position: number): Promise<boolean> {
    checkDelete(this.spec.name, tenantId, id, position);
    return Number(this.deleteStatement.run(tenantId, id, position).changes) > 0;
  }

  async find(tenantId: string, query?: FindQuery): Promise<Page<T>> {
    const q = checkQuery(this.spec, tenantId, query);
    const conditions = ['tenant = ?', 'deleted = 0'];
    const params: (string | number | null)[] = [tenantId];
    for (const [field, value] of q.where) {
      if (value === null) conditions.push(`json_extract(data, ${jsonPath(field)}) IS NULL`);
      else {
        conditions.push(`json_extract(data, ${jsonPath(field)}) = ?`, `json_type(data, ${jsonPath(field)}) IN (${jsonTypesOf(value)})`);
        params.push(bindable(value));
      }
    }
    if (q.contains) {
      conditions.push(`json_type(data, ${jsonPath(q.contains.field)}) = 'text'`, `instr(json_extract(data, ${jsonPath(q.contains.field)}), ?) > 0`);
      params.push(q.contains.text);
    }
    const sortExpression = q.sortField ? `json_extract(data, ${jsonPath(q.sortField)})` : undefined;
    if (q.after) {
      const condition = afterCursor(sortExpression, q.after, q.descending);
      conditions.push(condition.sql);
      params.push(...condition.params);
    }
    const direction = q.descending ? 'DESC' : 'ASC';
    const order = sortExpression ? `${sortExpression} ${direction}, id ${direction}` : `id ${direction}`;
    const rows = this.db
      .prepare(`SELECT * FROM ${this.table} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ?`)
      .all(...params, q.limit + 1) as unknown as Row[];
    return pageOf(rows.map((row) => this.toDocument(row)), q);
  }
}

export interface SqliteReadStoreOptions {
  /** The SQLite file; default `:memory:`. */
  path?: string;
  /** Default `process`; `power-loss` fsyncs every commit. */
  durability?: Durability;
}

/** The embedded read store: one SQLite file (or `:memory:`), a table per collection. */
export class SqliteReadStore implements ReadStore {
  private readonly db: DatabaseSync;

  static async open(options: SqliteReadStoreOptions = {}): Promise<SqliteReadStore> {
    return new SqliteReadStore(options);
  }

  private constructor({ path = ':memory:', durability = 'process' }: SqliteReadStoreOptions) {
    this.db = openSqlite(path, durability);
  }

  async collection<T extends object>(spec: CollectionSpec): Promise<ReadCollection<T>> {
    checkCollectionSpec(spec);
    return new SqliteCollection<T>(this.db, spec);
  }

  async ping(): Promise<void> {
    pingSqlite(this.db, 'embedded read store');
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
