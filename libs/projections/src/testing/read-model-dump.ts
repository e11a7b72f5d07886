import type { ReadStore, StoredDocument } from '@srw/read-store';
import { readModelCollections } from '../read-models';
import { tenantDocuments } from '../read-model-documents';

export type ReadModelDump = Record<string, StoredDocument<object>[]>;

/**
 * Every document of every read model for the given tenants, each collection in (tenant, id) order:
 * two stores holding the same read models give equal dumps. Pages through `find` as a reader would.
 */
export async function dumpReadModels(store: ReadStore, tenants: readonly string[]): Promise<ReadModelDump> {
  const dump: ReadModelDump = {};
  for (const spec of readModelCollections) {
    const collection = await store.collection<object>(spec);
    const documents: StoredDocument<object>[] = [];
    for (const tenantId of [...tenants].sort()) {
      for await (const page of tenantDocuments(collection, tenantId)) documents.push(...page);
    }
    dump[spec.name] = documents;
  }
  return dump;
}
