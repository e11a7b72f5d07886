import type { ReadCollection, StoredDocument } from '@srw/read-store';

/**
 * Every document of one tenant in a read model, page by page in id order, paged through `find` as
 * a reader would: two stores holding the same read model yield the same pages.
 */
export async function* tenantDocuments<T extends object>(collection: ReadCollection<T>, tenantId: string, pageSize = 200): AsyncGenerator<StoredDocument<T>[]> {
  let cursor: string | undefined;
  do {
    const page = await collection.find(tenantId, { limit: pageSize, ...(cursor ? { cursor } : {}) });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
