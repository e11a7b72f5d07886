import { domainEventSchema, type DomainEvent } from '@srw/contracts';
import type { Decider } from '@srw/domain';
import { ConcurrencyError, issuesFromZod, ValidationError } from '@srw/errors';
import type { EventStore, ExpectedRevision, RecordedEvent } from '@srw/event-store';
import { appendEvents } from './event-append';

export interface HandleCommandOptions<Command, Event> {
  /**
   * A deterministic id for each decided event (e.g. `eventIdFor(stream, causationId, String(index))`).
   * With it, an event whose id the stream already holds is not appended again, so a redelivered
   * command appends nothing even where its decider would decide the same events twice. Random ids
   * without it.
   */
  eventId?: (command: Command, event: Event, index: number) => string;
  /** Attempts in all, the first included, before a `ConcurrencyError` is given up to the caller. Defaults to 5. */
  maxAttempts?: number;
}

export interface HandleCommandResult<Event, State> {
  /** The events this call appended: empty when the command changed nothing. */
  appended: Event[];
  /** The stream's state after the call. */
  state: State;
  /** Revision of the stream's last event after the call; `undefined` while the stream does not exist. */
  revision: number | undefined;
  /** How many read-decide-append rounds it took: above 1 when another writer got in between. */
  attempts: number;
}

const defaultMaxAttempts = 5;

/**
 * Runs one command against one stream: reads the stream, folds it with `evolve`, decides, and appends
 * the decided events at the revision read (`no_stream` for a new stream) through `appendEvents`,
 * which validates each one. When another writer appended in between (`ConcurrencyError`), it starts
 * over from the read, at most `maxAttempts` times, then throws that `ConcurrencyError`. A
 * `DomainRuleViolation` from `decide`, or a `ValidationError` for an event that fails its schema
 * (stored or decided), is thrown at once: repeating would not change it.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleCommandOptions<Command, Event> = {},
): Promise<HandleCommandResult<Event, State>> {
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(stream);
    const state = recorded.map((event) => toDomainEvent<Event>(event)).reduce(decider.evolve, decider.initialState());
    const revision = recorded.at(-1)?.revision;
    const decided = decider.decide(command, state).map((event, index) => ({ event, id: options.eventId?.(command, event, index) }));

    const known = new Set(recorded.map((event) => event.id));
    const fresh = decided.filter(({ id }) => id === undefined || !known.has(id));
    if (fresh.length === 0) return { appended: [], state, revision, attempts: attempt };

    const expectedRevision: ExpectedRevision = revision ?? 'no_stream';
    try {
      const result = await appendEvents(store, stream, fresh, { expectedRevision });
      const appended = fresh.map(({ event }) => event);
      return { appended, state: appended.reduce(decider.evolve, state), revision: result.nextRevision, attempts: attempt };
    } catch (error) {
      // No backoff: the re-read is the wait, and a rival on one stream is one short append.
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}

/** A stored event as its domain event, upcast to its type's current schema version. */
function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  const parsed = domainEventSchema.safeParse({ type: recorded.type, data: recorded.data, metadata: recorded.metadata });
  if (!parsed.success) {
    throw new ValidationError(`stored event ${recorded.stream}@${recorded.revision} (${recorded.type})`, issuesFromZod(parsed.error));
  }
  return parsed.data as Event;
}
