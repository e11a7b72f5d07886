import type { EventMessage } from '@srw/contracts';
import type { ReadCollection, StoredDocument } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { expect } from 'vitest';
import { applyEvent, documentIdsOf, type ApplyOutcome, type ReadModelProjection } from '../projection';

export interface WhenProjected<T> {
  /** The event's document afterwards, stored at the event's position. */
  then(expected: T): Promise<void>;
  /** The event's document is exactly as before, data and position: nothing was written. */
  thenUnchanged(): Promise<void>;
}

export interface GivenEvents<T> {
  when(event: EventMessage): WhenProjected<T>;
  /** `event`, delivered again after the given events (which include it): nothing changes. */
  whenRedelivered(event: EventMessage): { thenNothingChanges(): Promise<void> };
  /** The document `id` after the given events, or undefined to say there is none. */
  thenDocument(id: string, expected: T | undefined): Promise<void>;
}

/**
 * Given / when / then for a read-model projection, on the embedded read store (in memory), so the
 * position guard under test is the port's own: `spec.given([events]).when(event).then(doc)`,
 * `.thenUnchanged()`, and `spec.given([events]).whenRedelivered(event).thenNothingChanges()`.
 */
export function projectionSpec<T extends object>(projection: ReadModelProjection<T>) {
  async function project(events: readonly EventMessage[]) {
    const store = await SqliteReadStore.open();
    const collection = await store.collection<T>(projection.collection);
    for (const event of events) await applyEvent(collection, projection, event);
    return { store, collection };
  }
  const documentOf = (collection: ReadCollection<T>, event: EventMessage) => {
    // An event of several documents is checked on its first; `thenDocument` checks any other.
    const id = documentIdsOf(projection as ReadModelProjection<object>, event)[0];
    return id === undefined ? Promise.resolve(undefined) : collection.get(event.metadata.tenantId, id);
  };
  async function applyAndCompare(given: readonly EventMessage[], event: EventMessage): Promise<{ before?: StoredDocument<T>; after?: StoredDocument<T>; outcome: ApplyOutcome }> {
    const { store, collection } = await project(given);
    try {
      const before = await documentOf(collection, event);
      const outcome = await applyEvent(collection, projection, event);
      const after = await documentOf(collection, event);
      return { before, after, outcome };
    } finally {
      await store.close();
    }
  }

  return {
    given(events: readonly EventMessage[] = []): GivenEvents<T> {
      return {
        when(event) {
          return {
            async then(expected) {
              const { after } = await applyAndCompare(events, event);
              expect(after?.data, 'the document after the event').toEqual(expected);
              expect(after?.position, 'the position stored with it').toBe(event.position);
            },
            async thenUnchanged() {
              const { before, after, outcome } = await applyAndCompare(events, event);
              expect(after, `the document changed (${outcome})`).toEqual(before);
            },
          };
        },
        whenRedelivered(event) {
          return {
            async thenNothingChanges() {
              const { before, after, outcome } = await applyAndCompare(events, event);
              expect(before, 'the redelivered event had no document to leave unchanged').toBeDefined();
              expect(after).toEqual(before);
              expect(['stale', 'ignored']).toContain(outcome);
            },
          };
        },
        async thenDocument(id, expected) {
          const { store, collection } = await project(events);
          try {
            const tenantId = events[0]?.metadata.tenantId ?? 'tenant';
            expect((await collection.get(tenantId, id))?.data).toEqual(expected);
          } finally {
            await store.close();
          }
        },
      };
    },
  };
}
