import { categories, categoryPrefix, topicForCategory, typedEventMessageSchema, type EventMessage, type Topic } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';

const pageSize = 1_000;

/**
 * Feeds `handle` every event of the categories behind `topicsConsumed`, in store order, as the
 * relay would have published them (an event that fails its schema went to the `.dlq`, so it is
 * skipped here too). sr-poller keeps its tenant book in memory: at start it must know every
 * connected tenant, but its consumer group resumes after what it committed (a replica restarted
 * under the same `SR_POLLER_REPLICA_ID`), so the history comes from the store, the source of truth.
 * The handler is idempotent, so events the group delivers again after this change nothing.
 */
export async function replayFromStore(store: EventStore, topicsConsumed: readonly Topic[], handle: (event: EventMessage) => Promise<void>): Promise<number> {
  const streamPrefixes = categories.filter((category) => topicsConsumed.includes(topicForCategory(category))).map(categoryPrefix);
  let after: number | undefined;
  let replayed = 0;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: pageSize, streamPrefixes });
    if (page.length === 0) return replayed;
    for (const recorded of page) {
      const message = typedEventMessageSchema.safeParse({
        id: recorded.id,
        stream: recorded.stream,
        revision: recorded.revision,
        position: recorded.position,
        type: recorded.type,
        data: recorded.data,
        metadata: recorded.metadata,
      });
      if (!message.success) continue;
      await handle(message.data);
      replayed++;
    }
    after = page.at(-1)!.position;
  }
}
