import type { EventMessage } from '@srw/contracts';
import type { CollectionSpec, DocumentWrite, ReadCollection } from '@srw/read-store';

/**
 * One read model: a collection, and how an event changes its documents. Pure: the same events in
 * the same order always give the same documents, which is what lets a replay from position 0
 * rebuild a read model identically (no clock, no ids drawn here; times come from the events).
 */
export interface ReadModelProjection<T extends object> {
  collection: CollectionSpec;
  /**
   * The id of the document `event` changes, or undefined when this read model ignores the event;
   * a list when one event changes several documents (a mapping connecting several jobs).
   */
  documentIdOf(event: EventMessage): string | readonly string[] | undefined;
  /**
   * The document after `event`: `current` itself when the event changes nothing (nothing is
   * written), `undefined` to delete it. `current` is undefined for a document not written yet.
   * `documentId` says which of the event's documents is evolved.
   */
  evolve(current: T | undefined, event: EventMessage, documentId: string): T | undefined;
}

/** The ids of the documents `event` changes in `projection`: none, one or several. */
export function documentIdsOf(projection: ReadModelProjection<object>, event: EventMessage): readonly string[] {
  const ids = projection.documentIdOf(event);
  if (ids === undefined) return [];
  return typeof ids === 'string' ? [ids] : ids;
}

export type ApplyOutcome = 'ignored' | 'stale' | 'unchanged' | 'upserted' | 'deleted';

/**
 * Applies one event to one read model, guarded by the event's global position: an event at or
 * before the document's stored position (a redelivery, or an older event arriving late) changes
 * nothing. The port's upsert and delete repeat that guard, so a write racing ours cannot be undone
 * by an older one, and a tombstone keeps a deleted document from coming back.
 *
 * Reading then writing is safe because each document is fed by one Kafka key (a tenant, a job or a
 * candidate), which one consumer handles in order; only a rebalance can let two members hold one
 * key for a moment, and then the position guard keeps the newer write.
 */
export async function applyEvent<T extends object>(
  collection: ReadCollection<T>,
  projection: ReadModelProjection<T>,
  event: EventMessage,
): Promise<ApplyOutcome> {
  const ids = documentIdsOf(projection, event);
  if (ids.length === 0) return 'ignored';
  const outcomes = new Set<ApplyOutcome>();
  for (const id of ids) outcomes.add(await applyToDocument(collection, projection, event, id));
  // Of several documents, the strongest change speaks for the event.
  return outcomeOrder.find((outcome) => outcomes.has(outcome)) ?? 'unchanged';
}

const outcomeOrder: readonly ApplyOutcome[] = ['upserted', 'deleted', 'unchanged', 'stale'];

async function applyToDocument<T extends object>(
  collection: ReadCollection<T>,
  projection: ReadModelProjection<T>,
  event: EventMessage,
  id: string,
): Promise<ApplyOutcome> {
  const tenantId = event.metadata.tenantId;
  const current = await collection.get(tenantId, id);
  if (current && current.position >= event.position) return 'stale';
  const next = projection.evolve(current?.data, event, id);
  if (current && next === current.data) return 'unchanged';
  if (next === undefined) {
    if (!current) return 'unchanged';
    return (await collection.delete(tenantId, id, event.position)) ? 'deleted' : 'stale';
  }
  return (await collection.upsert(tenantId, id, next, event.position)) ? 'upserted' : 'stale';
}

/**
 * Applies a batch of events (in position order) to one read model as `applyEvent` would apply them
 * one by one, with one `getMany` and one `writeMany`: the events of each document are folded in
 * memory from its stored state, skipping those at or before its stored position, and only the last
 * state is written, at the position of the last event that changed it. The same reasoning holds as
 * for `applyEvent`: a document is fed by one Kafka key, so no other writer moves it meanwhile, and
 * the store's position guard keeps the newer write if a rebalance lets one in. A deleted document
 * is folded from nothing, as `applyEvent` does; the tombstone's guard then refuses a write at or
 * before it (no read model here deletes yet). Returns how many
 * documents it wrote (or deleted).
 */
export async function applyEvents<T extends object>(
  collection: ReadCollection<T>,
  projection: ReadModelProjection<T>,
  events: readonly EventMessage[],
): Promise<number> {
  const byDocument = new Map<string, { tenantId: string; id: string; events: EventMessage[] }>();
  for (const event of events) {
    const tenantId = event.metadata.tenantId;
    for (const id of documentIdsOf(projection, event)) {
      const key = JSON.stringify([tenantId, id]);
      const entry = byDocument.get(key) ?? { tenantId, id, events: [] };
      entry.events.push(event);
      byDocument.set(key, entry);
    }
  }
  if (byDocument.size === 0) return 0;
  const stored = new Map((await collection.getMany([...byDocument.values()])).map((doc) => [JSON.stringify([doc.tenantId, doc.id]), doc]));
  const writes: DocumentWrite<T>[] = [];
  for (const [key, { tenantId, id, events: documentEvents }] of byDocument) {
    const current = stored.get(key);
    let state = current?.data;
    let position = current?.position ?? -1;
    let changedAt: number | undefined;
    for (const event of documentEvents) {
      if (event.position <= position) continue;
      position = event.position;
      const next = projection.evolve(state, event, id);
      if (next === state) continue;
      state = next;
      changedAt = event.position;
    }
    // A document created and deleted within the batch is written as its tombstone, as applyEvent leaves it.
    if (changedAt === undefined) continue;
    writes.push({ tenantId, id, position: changedAt, data: state });
  }
  await collection.writeMany(writes);
  return writes.length;
}
