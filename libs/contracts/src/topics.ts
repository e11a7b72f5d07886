import { z } from 'zod';
import { eventMetadataSchema } from './metadata';
import { domainEventSchema, type DomainEvent } from './registry';
import { parseStreamName, type Category } from './streams';

export const topics = {
  integration: 'integration.events.v1',
  observations: 'sr.observations.v1',
  mapping: 'mapping.events.v1',
  invite: 'invite.events.v1',
} as const;
export type Topic = (typeof topics)[keyof typeof topics];

const topicByCategory: Record<Category, Topic> = {
  integration: topics.integration,
  syncRun: topics.integration,
  srJob: topics.observations,
  srApplication: topics.observations,
  srCandidate: topics.observations,
  interviewMapping: topics.mapping,
  invite: topics.invite,
};

export const topicForCategory = (category: Category): Topic => topicByCategory[category];

/** Messages that failed their retries go here, with the error in headers. */
export const dlqTopic = (topic: string) => `${topic}.dlq`;

/**
 * The Kafka key of an event: it fixes ordering. Tenant-wide for lifecycle topics; per candidate for
 * applications, candidates and invites (so one candidate's moves stay in order); per job for jobs.
 */
export function messageKeyFor(stream: string): string {
  const { category, parts } = parseStreamName(stream);
  const [tenantId, second, third] = parts;
  switch (category) {
    case 'integration':
    case 'syncRun':
    case 'interviewMapping':
      return tenantId!;
    case 'srJob':
    case 'srApplication':
    case 'srCandidate':
      return `${tenantId}:${second}`;
    case 'invite':
      return `${tenantId}:${third}`;
    default: {
      const unreachable: never = category;
      throw new TypeError(`no key for category ${String(unreachable)}`);
    }
  }
}

/** Kafka headers every event message carries, so consumers can route and trace without parsing. */
export const messageHeaders = {
  eventType: 'event-type',
  eventId: 'event-id',
  tenantId: 'tenant-id',
  correlationId: 'correlation-id',
  /** The relay's span for this message (W3C), continuing the trace recorded in the event's metadata. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  schemaVersion: 'schema-version',
} as const;

/** The message value: the event as stored, with where it was stored. */
export const eventMessageSchema = z.object({
  id: z.uuid(),
  stream: z.string().min(1),
  revision: z.number().int().nonnegative(),
  position: z.number().int().nonnegative(),
  type: z.string(),
  data: z.unknown(),
  metadata: eventMetadataSchema,
});

export type EventMessage = Omit<z.infer<typeof eventMessageSchema>, 'type' | 'data'> & DomainEvent;

/** Validates the envelope, then the event against its own schema. */
export const typedEventMessageSchema = eventMessageSchema.transform((message, ctx): EventMessage => {
  const event = domainEventSchema.safeParse({ type: message.type, data: message.data, metadata: message.metadata });
  if (!event.success) {
    for (const issue of event.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return { ...message, ...(event.data as DomainEvent) } as EventMessage;
});


export type { DomainEvent };
