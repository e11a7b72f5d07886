import { ValidationError } from '@srw/errors';
import {
  defaultPageSize,
  maxPageSize,
  type CollectionSpec,
  type FieldValue,
  type FindQuery,
  type Page,
  type StoredDocument,
} from './read-store.port';

export interface Cursor {
  /** The sort value of the last document of the page. */
  value: FieldValue;
  id: string;
}

export interface CheckedQuery {
  where: [string, FieldValue][];
  sortField: string | undefined;
  descending: boolean;
  limit: number;
  after: Cursor | undefined;
}

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Checks a query against the collection's indexes, so no adapter ever scans a collection. */
export function checkQuery(spec: CollectionSpec, query: FindQuery): CheckedQuery {
  const indexed = new Set(spec.indexes.flatMap((index) => index.fields));
  const problems: { path: string; message: string }[] = [];
  const where = Object.entries(query.where ?? {});
  for (const [field] of where) {
    if (!fieldName.test(field) || !indexed.has(field)) problems.push({ path: `where.${field}`, message: `no index of ${spec.name} covers it` });
  }
  const sortField = query.sort?.field;
  if (sortField !== undefined && (!fieldName.test(sortField) || !indexed.has(sortField))) {
    problems.push({ path: 'sort.field', message: `${sortField} is not indexed in ${spec.name}` });
  }
  const limit = query.limit ?? defaultPageSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    problems.push({ path: 'limit', message: `must be an integer from 1 to ${maxPageSize}` });
  }
  let after: Cursor | undefined;
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor);
    if (!after) problems.push({ path: 'cursor', message: 'is not a cursor this collection issued' });
  }
  if (problems.length > 0) throw new ValidationError(`query on ${spec.name}`, problems);
  return { where, sortField, descending: query.sort?.direction === 'desc', limit, after };
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string') return undefined;
    const [value, id] = parsed as [FieldValue, string];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    return { value, id };
  } catch {
    return undefined;
  }
}

/** Reads a dotted path out of a document's data. */
export function fieldOf(data: unknown, path: string): FieldValue {
  let value: unknown = data;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined ? null : (value as FieldValue);
}

/**
 * Turns the `limit + 1` documents a query fetched into a page: the extra one only says that more
 * follow, and the cursor points after the page's last document.
 */
export function pageOf<T>(fetched: StoredDocument<T>[], query: CheckedQuery): Page<T> {
  const items = fetched.slice(0, query.limit);
  const last = items[items.length - 1];
  if (fetched.length <= query.limit || !last) return { items };
  const value = query.sortField ? fieldOf(last.data, query.sortField) : last.id;
  return { items, nextCursor: encodeCursor({ value, id: last.id }) };
}
