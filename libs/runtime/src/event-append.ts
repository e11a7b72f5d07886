import { domainEventSchema, type DomainEvent } from '@srw/contracts';
import { issuesFromZod, ValidationError } from '@srw/errors';
import { newEventId, type AppendOptions, type AppendResult, type EventStore } from '@srw/event-store';

export interface EventWithId {
  event: DomainEvent;
  /** Deterministic where a retry could repeat the append (`eventIdFor`); random otherwise. */
  id?: string;
}

/**
 * Appends domain events after validating each against its registered schema, so that nothing
 * malformed ever enters the source of truth.
 */
export async function appendEvents(
  store: EventStore,
  stream: string,
  events: readonly EventWithId[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const toAppend = events.map(({ event, id }, index) => {
    const parsed = domainEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new ValidationError(`event ${index} (${event.type}) for ${stream}`, issuesFromZod(parsed.error));
    }
    return { id: id ?? newEventId(), type: event.type, data: event.data, metadata: event.metadata };
  });
  return store.append(stream, toAppend, options);
}
