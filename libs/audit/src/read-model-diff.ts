import { readModelProjections, tenantDocuments, type ReadModelName } from '@srw/projections';
import type { ReadStore, StoredDocument } from '@srw/read-store';

export type DocumentDifference =
  | { kind: 'only-live'; tenantId: string; id: string }
  | { kind: 'only-rebuilt'; tenantId: string; id: string }
  | { kind: 'differs'; tenantId: string; id: string; fields: FieldDifference[] };

export interface FieldDifference {
  /** `position`, or a dotted path into the data (`data.sync.done`). */
  path: string;
  live: unknown;
  rebuilt: unknown;
}

export interface ReadModelComparison {
  model: ReadModelName;
  live: number;
  rebuilt: number;
  differences: DocumentDifference[];
}

/**
 * Compares the chosen read models of two stores document by document for the given tenants: which
 * documents only one holds, and for those both hold, every field (and the stored position) that
 * differs. One tenant and collection in memory at a time.
 */
export async function compareReadModels(live: ReadStore, rebuilt: ReadStore, models: readonly ReadModelName[], tenants: readonly string[]): Promise<ReadModelComparison[]> {
  const comparisons: ReadModelComparison[] = [];
  for (const model of models) {
    const spec = readModelProjections[model].collection;
    const [liveCollection, rebuiltCollection] = await Promise.all([live.collection<object>(spec), rebuilt.collection<object>(spec)]);
    const comparison: ReadModelComparison = { model, live: 0, rebuilt: 0, differences: [] };
    for (const tenantId of tenants) {
      const liveDocuments = await documentsById(tenantDocuments(liveCollection, tenantId));
      const rebuiltDocuments = await documentsById(tenantDocuments(rebuiltCollection, tenantId));
      comparison.live += liveDocuments.size;
      comparison.rebuilt += rebuiltDocuments.size;
      for (const [id, document] of liveDocuments) {
        const other = rebuiltDocuments.get(id);
        if (!other) {
          comparison.differences.push({ kind: 'only-live', tenantId, id });
          continue;
        }
        const fields = differingFields({ position: document.position, data: document.data }, { position: other.position, data: other.data });
        if (fields.length > 0) comparison.differences.push({ kind: 'differs', tenantId, id, fields });
      }
      for (const id of rebuiltDocuments.keys()) {
        if (!liveDocuments.has(id)) comparison.differences.push({ kind: 'only-rebuilt', tenantId, id });
      }
    }
    comparisons.push(comparison);
  }
  return comparisons;
}

async function documentsById(pages: AsyncIterable<StoredDocument<object>[]>): Promise<Map<string, StoredDocument<object>>> {
  const byId = new Map<string, StoredDocument<object>>();
  for await (const page of pages) for (const document of page) byId.set(document.id, document);
  return byId;
}

/** The leaves where two JSON values differ, by dotted path; arrays compare as wholes. */
export function differingFields(live: unknown, rebuilt: unknown, path = ''): FieldDifference[] {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(live) && isObject(rebuilt)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort();
    return keys.flatMap((key) => differingFields(live[key], rebuilt[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(live) === JSON.stringify(rebuilt) ? [] : [{ path, live, rebuilt }];
}

/** Lines for a terminal: a summary per read model, then at most `limit` of its differences. */
export function formatComparison(comparisons: readonly ReadModelComparison[], limit = 20): string[] {
  const lines: string[] = [];
  for (const { model, live, rebuilt, differences } of comparisons) {
    lines.push(`${model}: ${live} documents live, ${rebuilt} rebuilt, ${differences.length === 0 ? 'no differences' : `${differences.length} differ`}`);
    for (const difference of differences.slice(0, limit)) {
      const where = `  ${model} ${difference.tenantId}/${difference.id}`;
      if (difference.kind === 'only-live') lines.push(`${where}: only in the live read model`);
      else if (difference.kind === 'only-rebuilt') lines.push(`${where}: only in the rebuilt read model`);
      else for (const field of difference.fields) lines.push(`${where} ${field.path}: live ${JSON.stringify(field.live)}, rebuilt ${JSON.stringify(field.rebuilt)}`);
    }
    if (differences.length > limit) lines.push(`  … and ${differences.length - limit} more differences in ${model}`);
  }
  return lines;
}
