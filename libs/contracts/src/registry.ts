import { z } from 'zod';
import { upcast, type EventDefinition } from './define-event';
import { integrationEvents, type IntegrationEvent } from './events/integration.events';
import { interviewMappingEvents, type InterviewMappingEvent } from './events/interview-mapping.events';
import { inviteEvents, type InviteEvent } from './events/invite.events';
import {
  srApplicationEvents,
  srCandidateEvents,
  srJobEvents,
  type SrApplicationEvent,
  type SrCandidateEvent,
  type SrJobEvent,
} from './events/sr-observation.events';
import { syncRunEvents, type SyncRunEvent } from './events/sync-run.events';
import type { EventMetadata } from './metadata';
import type { Category } from './streams';

/** Which event types may appear in each category's streams. */
export const eventsByCategory = {
  integration: integrationEvents,
  syncRun: syncRunEvents,
  srJob: srJobEvents,
  srApplication: srApplicationEvents,
  srCandidate: srCandidateEvents,
  interviewMapping: interviewMappingEvents,
  invite: inviteEvents,
} as const satisfies Record<Category, readonly EventDefinition<string, z.ZodType>[]>;

export type DomainEvent =
  | IntegrationEvent
  | SyncRunEvent
  | SrJobEvent
  | SrApplicationEvent
  | SrCandidateEvent
  | InterviewMappingEvent
  | InviteEvent;
export type EventType = DomainEvent['type'];
export type EventByType<T extends EventType> = Extract<DomainEvent, { type: T }>;

const allDefinitions: readonly EventDefinition<string, z.ZodType>[] = Object.values(eventsByCategory).flat();

/** Every event type with its definition: the single registry used to validate on both sides. */
export const eventRegistry: ReadonlyMap<string, EventDefinition<string, z.ZodType>> = new Map(
  allDefinitions.map((definition) => [definition.type, definition]),
);

/** Any domain event, upcast from an older schema version first when its type has upcasters. */
export const domainEventSchema = z.preprocess(
  (value) => {
    const type = (value as { type?: unknown } | null)?.type;
    const definition = typeof type === 'string' ? eventRegistry.get(type) : undefined;
    return definition ? upcast(definition, value) : value;
  },
  z.discriminatedUnion(
    'type',
    allDefinitions.map((definition) => definition.schema) as unknown as [
      EventDefinition<string, z.ZodType>['schema'],
      ...EventDefinition<string, z.ZodType>['schema'][],
    ],
  ),
) as unknown as z.ZodType<DomainEvent>;

export function isKnownEventType(type: string): type is EventType {
  return eventRegistry.has(type);
}

/** The current schema version of an event type. */
export function schemaVersionOf(type: EventType): number {
  const definition = eventRegistry.get(type);
  if (!definition) throw new TypeError(`unknown event type ${type}`);
  return definition.version;
}

export type NewMetadata = Omit<EventMetadata, 'schemaVersion'>;

/** Builds an event with its schema version stamped into the metadata. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventByType<T>['data'],
  metadata: NewMetadata,
): EventByType<T> {
  return { type, data, metadata: { ...metadata, schemaVersion: schemaVersionOf(type) } } as EventByType<T>;
}
