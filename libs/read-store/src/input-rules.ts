import { ValidationError, type FieldIssue } from '@srw/errors';
import type { CollectionSpec } from './read-store.port';

/**
 * The run-time checks every read-store adapter applies before touching its database. Callers are
 * often HTTP handlers fed by JSON, so the types prove nothing: a tenant may arrive as `{ $ne: null }`.
 * Every adapter calls these same functions, so the same input gets the same answer on each.
 */

/** Longest tenant or document id accepted. */
export const maxKeyLength = 512;
/** Largest document data, as UTF-8 JSON: well inside MongoDB's 16 MiB BSON limit whatever its shape. */
export const maxDataBytes = 1024 * 1024;
/** Deepest nesting of a document's data (MongoDB refuses beyond 100 levels, with its own wrapping). */
export const maxDataDepth = 32;

/** C0 and C1 control characters, NUL included. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
/** A lone UTF-16 surrogate: JSON and BSON would encode it differently. */
const loneSurrogate = /\p{Cs}/u;
/** Dotted paths of plain identifiers: they become JSON paths in SQL and dotted paths in MongoDB. */
export const fieldPath = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * What is wrong with a tenant or document id, if anything. No control character is allowed, so no
 * separator an adapter puts between tenant and id (MongoDB's key uses NUL) can ever appear in either:
 * two different (tenant, id) pairs never make the same key.
 */
export function keyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, not ${describeType(value)}`;
  if (value.length === 0 || value.length > maxKeyLength) return `must be 1 to ${maxKeyLength} characters long`;
  if (controlCharacter.test(value)) return 'must not contain control characters';
  if (loneSurrogate.test(value)) return 'must be well-formed Unicode';
  return undefined;
}

/** What is wrong with a value compared against an indexed field, if anything: only plain scalars compare. */
export function scalarProblem(value: unknown): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value === 'string') return loneSurrogate.test(value) ? 'must be well-formed Unicode' : undefined;
  return `must be a string, number, boolean or null, not ${describeType(value)}`;
}

function positionProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? undefined : 'must be a non-negative integer';
}

function keyIssues(tenantId: unknown, id: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const tenantProblem = keyProblem(tenantId);
  if (tenantProblem) issues.push({ path: 'tenantId', message: tenantProblem });
  const idProblem = keyProblem(id);
  if (idProblem) issues.push({ path: 'id', message: idProblem });
  return issues;
}

function fail(subject: string, issues: FieldIssue[]): void {
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

/** Collection names become table and collection names, and index fields JSON paths: plain identifiers only. */
export function checkCollectionSpec(spec: CollectionSpec): void {
  const issues: FieldIssue[] = [];
  const name: unknown = spec?.name;
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    issues.push({ path: 'name', message: `${JSON.stringify(name) ?? String(name)} is not a plain identifier` });
  }
  const indexes: unknown = spec?.indexes;
  if (!Array.isArray(indexes)) issues.push({ path: 'indexes', message: `must be an array, not ${describeType(indexes)}` });
  else {
    indexes.forEach((index: unknown, n) => {
      const fields: unknown = isPlainObject(index) ? index['fields'] : undefined;
      if (!Array.isArray(fields) || fields.length === 0) issues.push({ path: `indexes.${n}.fields`, message: 'must be a non-empty array' });
      else {
        fields.forEach((field: unknown, f) => {
          if (typeof field !== 'string' || !fieldPath.test(field)) {
            issues.push({ path: `indexes.${n}.fields.${f}`, message: `${JSON.stringify(field) ?? String(field)} is not a dotted path of plain identifiers` });
          }
        });
      }
    });
  }
  fail('collection spec', issues);
}

export function checkDocumentKey(collection: string, tenantId: unknown, id: unknown): void {
  fail(`document key in ${collection}`, keyIssues(tenantId, id));
}

export function checkTenant(collection: string, tenantId: unknown): void {
  const problem = keyProblem(tenantId);
  fail(`tenant in ${collection}`, problem ? [{ path: 'tenantId', message: problem }] : []);
}

export function checkDelete(collection: string, tenantId: unknown, id: unknown, position: unknown): void {
  const issues = keyIssues(tenantId, id);
  const problem = positionProblem(position);
  if (problem) issues.push({ path: 'position', message: problem });
  fail(`delete in ${collection}`, issues);
}

/**
 * Checks an upsert and returns the data as JSON, the form every adapter stores: a value JSON cannot
 * carry the same way back (a Date, a bigint, NaN, a class instance, a cycle) is refused rather than
 * changed, and so is a key MongoDB cannot store (`$` first, a `.` or NUL anywhere), at any depth.
 * Properties set to `undefined` are left out, as JSON leaves them out.
 */
export function checkUpsert(collection: string, tenantId: unknown, id: unknown, data: unknown, position: unknown): string {
  const issues = keyIssues(tenantId, id);
  const problem = positionProblem(position);
  if (problem) issues.push({ path: 'position', message: problem });
  if (!isPlainObject(data)) issues.push({ path: 'data', message: `must be a plain object, not ${describeType(data)}` });
  else collectDataIssues(data, 'data', 0, new Set(), issues);
  fail(`upsert in ${collection}`, issues);
  const json = JSON.stringify(data);
  if (Buffer.byteLength(json) > maxDataBytes) fail(`upsert in ${collection}`, [{ path: 'data', message: `is larger than ${maxDataBytes} bytes as JSON` }]);
  return json;
}

/**
 * Checks every write of a `writeMany` as `upsert` and `delete` check them, and that no key comes
 * twice; returns each write's data as JSON (undefined for a delete).
 */
export function checkWrites(
  collection: string,
  writes: readonly { tenantId: unknown; id: unknown; position: unknown; data: unknown }[],
): (string | undefined)[] {
  if (!Array.isArray(writes)) throw new ValidationError(`writes in ${collection}`, [{ path: 'writes', message: `must be an array, not ${describeType(writes)}` }]);
  const keys = new Set<string>();
  return writes.map((write, n) => {
    let json: string | undefined;
    if (write.data === undefined) checkDelete(collection, write.tenantId, write.id, write.position);
    else json = checkUpsert(collection, write.tenantId, write.id, write.data, write.position);
    const key = `${String(write.tenantId)}\u0000${String(write.id)}`;
    if (keys.has(key)) fail(`writes in ${collection}`, [{ path: `writes.${n}`, message: 'writes a key an earlier write of the call writes' }]);
    keys.add(key);
    return json;
  });
}

const maxIssues = 10;

function keyPath(parent: string, key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function storableKeyProblem(key: string): string | undefined {
  if (key.startsWith('$')) return 'a key may not start with $';
  if (key.includes('.')) return 'a key may not contain a dot';
  if (key.includes('\u0000')) return 'a key may not contain NUL';
  if (loneSurrogate.test(key)) return 'a key must be well-formed Unicode';
  return undefined;
}

function collectDataIssues(value: unknown, path: string, depth: number, ancestors: Set<object>, issues: FieldIssue[]): void {
  if (issues.length >= maxIssues) return;
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (loneSurrogate.test(value)) issues.push({ path, message: 'must be well-formed Unicode' });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: 'must be a finite number' });
    return;
  }
  if (typeof value !== 'object') {
    issues.push({ path, message: `${describeType(value)} cannot be stored as JSON` });
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) {
    issues.push({ path, message: `must be a plain object, not ${value.constructor?.name ?? 'an object'}` });
    return;
  }
  if (ancestors.has(value)) {
    issues.push({ path, message: 'refers to itself' });
    return;
  }
  if (depth >= maxDataDepth) {
    issues.push({ path, message: `nests deeper than ${maxDataDepth} levels` });
    return;
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, n) => collectDataIssues(item, `${path}.${n}`, depth + 1, ancestors, issues));
  } else {
    for (const [key, item] of Object.entries(value)) {
      const problem = storableKeyProblem(key);
      if (problem) issues.push({ path: keyPath(path, key), message: problem });
      else if (item !== undefined) collectDataIssues(item, keyPath(path, key), depth + 1, ancestors, issues);
    }
  }
  ancestors.delete(value);
}
