import type { EventMessage } from '@srw/contracts';
import type { CollectionSpec, ReadCollection } from '@srw/read-store';

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
