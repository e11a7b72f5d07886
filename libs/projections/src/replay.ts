import { categoryPrefix, eventRegistry, upcast, type DomainEvent, type EventMessage } from '@srw/contracts';
import type { EventStore, RecordedEvent } from '@srw/event-store';
import { projectedCategories, type ReadModels } from './read-models';

export interface ReplayResult {
  /** Position of the last event read of a projected category; undefined when there was none. */
  lastPosition: number | undefined;
  applied: number;
  /** Events that fail their schema: the relay never published them either. */
  skipped: number;
}

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
 * Events are validated as the relay validates them: one the relay would have sent to the `.dlq`
 * instead of publishing never reached a live consumer, so the replay skips it too (and counts it).
 */
export async function replayReadModels(store: EventStore, readModels: ReadModels, { after, pageSize = 500 }: ReplayOptions = {}): Promise<ReplayResult> {
  let position = after;
  let applied = 0;
  let skipped = 0;
  const streamPrefixes = projectedCategories.map(categoryPrefix);
  for (;;) {
    const page = await store.readAll({ ...(position === undefined ? {} : { after: position }), maxCount: pageSize, streamPrefixes });
    for (const recorded of page) {
      const message = eventMessageOf(recorded);
      position = recorded.position;
      if (!message) {
        skipped++;
        continue;
      }
      await readModels.apply(message);
      applied++;
    }
    if (page.length < pageSize) return { lastPosition: position, applied, skipped };
  }
}

/**
 * A recorded event as the relay would have published it (upcast, validated by its schema), or
 * undefined when it fails that schema: the relay sends such an event to the `.dlq`, so no live
 * consumer ever saw it, and a replay must skip it too.
 *
 * The same checks as `typedEventMessageSchema`, made cheaper for a replay of millions: the type's
 * own schema is looked up instead of tried through the union, and the envelope's fields, which the
 * store itself wrote (stream, revision, position), are checked by hand. The replay spec compares
 * the outcome with the live projection, which went through `typedEventMessageSchema`.
 */
export function eventMessageOf(recorded: RecordedEvent): EventMessage | undefined {
  const definition = eventRegistry.get(recorded.type);
  if (!definition || !uuid.test(recorded.id) || recorded.stream.length === 0) return undefined;
  if (!Number.isSafeInteger(recorded.revision) || recorded.revision < 0 || !Number.isSafeInteger(recorded.position) || recorded.position < 0) return undefined;
  const parsed = definition.schema.safeParse(upcast(definition, { type: recorded.type, data: recorded.data, metadata: recorded.metadata }));
  if (!parsed.success) return undefined;
  return { id: recorded.id, stream: recorded.stream, revision: recorded.revision, position: recorded.position, ...(parsed.data as DomainEvent) } as EventMessage;
}

/** zod's `z.uuid()` pattern: what `eventMessageSchema` requires of an event id. */
const uuid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
