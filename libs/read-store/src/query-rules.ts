import { ValidationError, type FieldIssue } from '@srw/errors';
import { describeType, fieldPath, isPlainObject, keyProblem, scalarProblem } from './input-rules';
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
  contains: { field: string; text: string } | undefined;
}

const maxContainsLength = 200;
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a find's tenant and query: equality on indexed fields only (so no adapter ever scans a
 * collection), with plain scalars only (so an operator object such as `{ $ne: null }` never reaches
 * a database), whatever the caller's types claimed.
 */
export function checkQuery(spec: CollectionSpec, tenantId: unknown, query: unknown = {}): CheckedQuery {
  const indexed = new Set(spec.indexes.flatMap((index) => index.fields));
  const problems: FieldIssue[] = [];
  const tenantProblem = keyProblem(tenantId);
  if (tenantProblem) problems.push({ path: 'tenantId', message: tenantProblem });
  if (!isPlainObject(query)) throw new ValidationError(`query on ${spec.name}`, [...problems, { path: 'query', message: `must be an object, not ${describeType(query)}` }]);
  const q = query as FindQuery;

  let where: [string, FieldValue][] = [];
  if (q.where !== undefined && !isPlainObject(q.where)) problems.push({ path: 'where', message: `must be an object, not ${describeType(q.where)}` });
  else where = Object.entries(q.where ?? {});
  for (const [field, value] of where) {
    if (!fieldPath.test(field) || !indexed.has(field)) problems.push({ path: `where.${field}`, message: `no index of ${spec.name} covers it` });
    const problem = scalarProblem(value);
    if (problem) problems.push({ path: `where.${field}`, message: problem });
  }

  let sortField: string | undefined;
  let descending = false;
  if (q.sort !== undefined) {
    if (!isPlainObject(q.sort)) problems.push({ path: 'sort', message: `must be an object, not ${describeType(q.sort)}` });
    else {
      const field: unknown = q.sort.field;
      if (typeof field !== 'string' || !fieldPath.test(field) || !indexed.has(field)) {
        problems.push({ path: 'sort.field', message: `${JSON.stringify(field) ?? String(field)} is not indexed in ${spec.name}` });
      } else sortField = field;
      if (q.sort.direction !== 'asc' && q.sort.direction !== 'desc') problems.push({ path: 'sort.direction', message: 'must be asc or desc' });
      descending = q.sort.direction === 'desc';
    }
  }

  const limit: unknown = q.limit ?? defaultPageSize;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    problems.push({ path: 'limit', message: `must be an integer from 1 to ${maxPageSize}` });
  }
  let after: Cursor | undefined;
  if (q.cursor !== undefined) {
    after = typeof q.cursor === 'string' ? decodeCursor(q.cursor) : undefined;
    if (!after) problems.push({ path: 'cursor', message: 'is not a cursor this collection issued' });
  }
  let contains: CheckedQuery['contains'];
  if (q.contains !== undefined) {
    const searchable = new Set(spec.searchable ?? []);
    if (!isPlainObject(q.contains)) problems.push({ path: 'contains', message: `must be an object, not ${describeType(q.contains)}` });
    else {
      const { field, text } = q.contains as { field: unknown; text: unknown };
      if (typeof field !== 'string' || !fieldPath.test(field) || !searchable.has(field)) {
        problems.push({ path: 'contains.field', message: `${JSON.stringify(field) ?? String(field)} is not searchable in ${spec.name}` });
      }
      if (typeof text !== 'string' || text.length === 0 || text.length > maxContainsLength || controlCharacters.test(text)) {
        problems.push({ path: 'contains.text', message: `must be 1 to ${maxContainsLength} characters without control characters` });
      }
      if (problems.length === 0) contains = { field: field as string, text: text as string };
    }
  }
  if (problems.length > 0) throw new ValidationError(`query on ${spec.name}`, problems);
  return { where, sortField, descending, limit: limit as number, after, contains };
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string') return undefined;
    const [value, id] = parsed as [FieldValue, string];
    if (scalarProblem(value) !== undefined || keyProblem(id) !== undefined) return undefined;
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
