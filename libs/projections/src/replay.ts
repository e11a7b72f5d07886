import { typedEventMessageSchema, type EventMessage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { ReadModels } from './read-models';

export interface ReplayOptions {
  /** Exclusive: events after this position. Defaults to the beginning. */
  after?: number;
  /** Events read per page. */
  pageSize?: number;
}

/**
 * Rebuilds read models from the event store's `$all`: what the live consumers would have done, in
 * position order. Into a fresh read store it gives the very documents the live projection built
 * (the replay spec compares them); into a live one it changes nothing it already holds.
 * Events are validated as a consumer validates a message, so a replay never applies what a live
 * consumer would have refused. Resolves with the position of the last event applied.
 */
export async function replayReadModels(store: EventStore, readModels: ReadModels, { after, pageSize = 500 }: ReplayOptions = {}): Promise<number | undefined> {
  let position = after;
  for (;;) {
    const page = await store.readAll({ ...(position === undefined ? {} : { after: position }), maxCount: pageSize });
    for (const recorded of page) {
      const message: EventMessage = typedEventMessageSchema.parse({
        id: recorded.id,
        stream: recorded.stream,
        revision: recorded.revision,
        position: recorded.position,
        type: recorded.type,
        data: recorded.data,
        metadata: recorded.metadata,
      });
      await readModels.apply(message);
      position = recorded.position;
    }
    if (page.length < pageSize) return position;
  }
}
