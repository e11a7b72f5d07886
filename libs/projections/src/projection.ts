import type { EventMessage } from '@srw/contracts';
import type { CollectionSpec, ReadCollection } from '@srw/read-store';

/**
 * One read model: a collection, and how an event changes its documents. Pure: the same events in
 * the same order always give the same documents, which is what lets a replay from position 0
 * rebuild a read model identically (no clock, no ids drawn here; times come from the events).
 */
export interface ReadModelProjection<T extends object> {
  collection: CollectionSpec;
  /** The id of the document `event` changes, or undefined when this read model ignores the event. */
  documentIdOf(event: EventMessage): string | undefined;
  /**
   * The document after `event`: `current` itself when the event changes nothing (nothing is
   * written), `undefined` to delete it. `current` is undefined for a document not written yet.
   */
  evolve(current: T | undefined, event: EventMessage): T | undefined;
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
  const id = projection.documentIdOf(event);
  if (id === undefined) return 'ignored';
  const tenantId = event.metadata.tenantId;
  const current = await collection.get(tenantId, id);
  if (current && current.position >= event.position) return 'stale';
  const next = projection.evolve(current?.data, event);
  if (current && next === current.data) return 'unchanged';
  if (next === undefined) {
    if (!current) return 'unchanged';
    return (await collection.delete(tenantId, id, event.position)) ? 'deleted' : 'stale';
  }
  return (await collection.upsert(tenantId, id, next, event.position)) ? 'upserted' : 'stale';
}
