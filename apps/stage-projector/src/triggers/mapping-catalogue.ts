import { categoryPrefix, domainEventSchema, type InterviewMappingEvent } from '@srw/contracts';
import { evolveTriggerMappings, initialTriggerMappings, triggerMappingsOf, type TriggerMapping, type TriggerMappingsState } from '@srw/domain';
import type { EventStore } from '@srw/event-store';

/** The tenant's mappings as the trigger policy takes them. */
export interface MappingCatalogue {
  /** The mappings of one job (removed ones included), caught up with the event store first. */
  mappingsOf(tenantId: string, jobId: string): Promise<TriggerMapping[]>;
}

const pageSize = 500;

/**
 * Mappings read straight from the `interviewMapping-*` streams (a stand-in until the `triggers` read
 * model exists): every lookup first reads what was appended since the last one, so a move is judged
 * against every mapping already in the store, never against a topic consumer lagging behind.
 * Catching up is serialised: concurrent lookups share the reads.
 */
export function createMappingCatalogue(store: EventStore): MappingCatalogue {
  let state: TriggerMappingsState = initialTriggerMappings();
  let after: number | undefined;
  let queue: Promise<void> = Promise.resolve();

  const readNew = async () => {
    for (;;) {
      const page = await store.readAll({ after, maxCount: pageSize, streamPrefixes: [categoryPrefix('interviewMapping')] });
      for (const recorded of page) {
        const event = domainEventSchema.parse({ type: recorded.type, data: recorded.data, metadata: recorded.metadata }) as InterviewMappingEvent;
        state = evolveTriggerMappings(state, event);
        after = recorded.position;
      }
      if (page.length < pageSize) return;
    }
  };
  const catchUp = () => {
    const run = queue.then(readNew);
    // A failed read fails its caller (the bus retries the message); the next lookup tries afresh.
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    async mappingsOf(tenantId, jobId) {
      await catchUp();
      return triggerMappingsOf(state, tenantId, jobId);
    },
  };
}
