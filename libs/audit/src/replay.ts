import { categoryPrefix, type EventMessage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { documentIdsOf, eventMessageOf, projectedCategories, readModelProjections, type ReadModelName, type ReadModelProjection } from '@srw/projections';
import type { DocumentWrite, ReadStore } from '@srw/read-store';
import { scanHistory } from './history';

export interface ReplayIntoOptions {
  /** The read models to rebuild; the others are neither read nor written. */
  models: readonly ReadModelName[];
  /** Only events the store recorded at or before this time: the read models as they stood then. */
  asOf?: Date;
  /** Events read per page. */
  pageSize?: number;
  /** Documents per `writeMany`. */
  writeBatchSize?: number;
  onProgress?(lastRecordedAt: Date, eventsRead: number): void;
}

export interface ReplayIntoResult {
  /** Events read of the projected categories (up to `asOf`). */
  read: number;
  /** Of those, events that fail their schema: the relay never published them, so they are skipped. */
  skipped: number;
  /** Documents written (or left as tombstones) per read model. */
  written: Partial<Record<ReadModelName, number>>;
  /** The tenants whose events were applied, sorted. */
  tenants: string[];
  lastPosition: number | undefined;
}

/**
 * Rebuilds the chosen read models from the event store's history into `target`, which must be a
 * fresh database (nothing else writes it meanwhile): each document is folded in memory through the
 * whole history, in position order, exactly as `applyEvents` folds a delivered batch from a stored
 * state (skipping events at or before the document's position, written at the position of the last
 * event that changed it), and written once at the end, in bulks of `writeBatchSize`. One write per
 * document instead of a read and a write per document per batch: on the Mongo-wire server, whose
 * `$in` lookups scan the collection, that keeps the replay linear in the history. Memory grows with
 * the number of documents rebuilt. Secondary indexes are built after the load, as any bulk load does.
 * Events are validated as the relay validates them (`eventMessageOf`).
 */
export async function replayInto(store: EventStore, target: ReadStore, { models, asOf, pageSize = 20_000, writeBatchSize = 5_000, onProgress }: ReplayIntoOptions): Promise<ReplayIntoResult> {
  const chosen = models.map((name) => ({ name, projection: readModelProjections[name] as ReadModelProjection<object>, documents: new Map<string, FoldedDocument>() }));
  const tenants = new Set<string>();
  let read = 0;
  let skipped = 0;
  let lastPosition: number | undefined;
  const scan = scanHistory(store, { streamPrefixes: projectedCategories.map(categoryPrefix), pageSize, ...(asOf ? { recordedUntil: asOf } : {}) });
  for await (const page of scan) {
    for (const recorded of page) {
      const message = eventMessageOf(recorded);
      if (!message) {
        skipped++;
        continue;
      }
      tenants.add(message.metadata.tenantId);
      for (const { projection, documents } of chosen) fold(documents, projection, message);
    }
    read += page.length;
    lastPosition = page[page.length - 1]!.position;
    onProgress?.(page[page.length - 1]!.recordedAt, read);
  }
  const written: Partial<Record<ReadModelName, number>> = {};
  for (const { name, projection, documents } of chosen) {
    // Without its secondary indexes while loading; opened again with them afterwards, which builds them once.
    const collection = await target.collection<object>({ ...projection.collection, indexes: [] });
    const writes: DocumentWrite<object>[] = [];
    for (const document of documents.values()) {
      if (document.changedAt !== undefined) writes.push({ tenantId: document.tenantId, id: document.id, position: document.changedAt, data: document.state });
    }
    for (let start = 0; start < writes.length; start += writeBatchSize) await collection.writeMany(writes.slice(start, start + writeBatchSize));
    await target.collection(projection.collection);
    if (writes.length > 0) written[name] = writes.length;
  }
  return { read, skipped, written, tenants: [...tenants].sort(), lastPosition };
}

interface FoldedDocument {
  tenantId: string;
  id: string;
  state: object | undefined;
  /** Position of the last event applied (or skipped as changing nothing). */
  position: number;
  /** Position of the last event that changed it; undefined while none has. */
  changedAt: number | undefined;
}

function fold(documents: Map<string, FoldedDocument>, projection: ReadModelProjection<object>, message: EventMessage): void {
  const tenantId = message.metadata.tenantId;
  for (const id of documentIdsOf(projection, message)) {
    const key = `${tenantId}\u0000${id}`;
    let document = documents.get(key);
    if (!document) {
      document = { tenantId, id, state: undefined, position: -1, changedAt: undefined };
      documents.set(key, document);
    }
    if (message.position <= document.position) continue;
    document.position = message.position;
    const next = projection.evolve(document.state, message, id);
    if (next === document.state) continue;
    document.state = next;
    document.changedAt = message.position;
  }
}
