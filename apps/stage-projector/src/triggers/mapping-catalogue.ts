import { categoryPrefix, domainEventSchema, type InterviewMappingEvent } from '@srw/contracts';
import { evolveTriggerMappings, initialTriggerMappings, triggerMappingsOf, type TriggerMapping, type TriggerMappingsState } from '@srw/domain';
import type { EventStore } from '@srw/event-store';

/** The tenant's mappings as the trigger policy takes them. */
export interface MappingCatalogue {
  /**
   * The mappings of one job (removed ones included), caught up with the event store first.
   * `decidedOn` is the event being decided on: when the store holds it at its position, every event
   * before it has been seen once the catch-up is done.
   */
  mappingsOf(tenantId: string, jobId: string, decidedOn: { id: string; position: number }): Promise<TriggerMapping[]>;
}

const pageSize = 500;

/**
 * Mappings read straight from the `interviewMapping-*` streams (a stand-in until the `triggers` read
 * model exists): every lookup first reads what was appended since the last one, so a move is judged
 * against every mapping already in the store, never against a topic consumer lagging behind.
 * Catching up is serialised: concurrent lookups share the reads. Each one starts after the highest
 * position known to be seen (the last mapping event, or the last event decided on, whichever is
 * later: positions only grow, so a mapping appended later lies beyond both), so a store with no
 * mappings is not scanned from its start on every lookup. The event decided on counts only when this
 * store holds it at that position (one read by position): a message relayed from another store (a
 * shared test broker, a migration) must not move the catalogue past mappings it has not read.
 */
export function createMappingCatalogue(store: EventStore): MappingCatalogue {
  let state: TriggerMappingsState = initialTriggerMappings();
  let after: number | undefined;
  let queue: Promise<void> = Promise.resolve();

  const readNew = async (decidedOn: { id: string; position: number }) => {
    for (;;) {
      const page = await store.readAll({ after, maxCount: pageSize, streamPrefixes: [categoryPrefix('interviewMapping')] });
      for (const recorded of page) {
        const event = domainEventSchema.parse({ type: recorded.type, data: recorded.data, metadata: recorded.metadata }) as InterviewMappingEvent;
        state = evolveTriggerMappings(state, event);
        after = recorded.position;
      }
      if (page.length < pageSize) break;
    }
    if (decidedOn.position <= (after ?? -1)) return;
    const [held] = await store.readAll({ after: decidedOn.position > 0 ? decidedOn.position - 1 : undefined, maxCount: 1 });
    if (held?.id === decidedOn.id && held.position === decidedOn.position) after = decidedOn.position;
  };
  const catchUp = (decidedOn: { id: string; position: number }) => {
    const run = queue.then(() => readNew(decidedOn));
    // A failed read fails its caller (the bus retries the message); the next lookup tries afresh.
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    async mappingsOf(tenantId, jobId, decidedOn) {
      await catchUp(decidedOn);
      return triggerMappingsOf(state, tenantId, jobId);
    },
  };
}
