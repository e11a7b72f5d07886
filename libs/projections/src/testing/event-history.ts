import { createHash, randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent, type EventByType, type EventMessage, type EventType } from '@srw/contracts';

/**
 * Event messages as the relay would deliver them, for projection specs: each appended event gets the
 * next global position and its stream's next revision, so specs read like an event store's `$all`.
 */
export interface EventHistory {
  readonly events: readonly EventMessage[];
  append<T extends EventType>(stream: string, type: T, data: EventByType<T>['data'], observedAt: string): EventMessage;
}

export function createEventHistory({ firstPosition = 1 } = {}): EventHistory {
  const events: EventMessage[] = [];
  const revisions = new Map<string, number>();
  let position = firstPosition;
  return {
    events,
    append(stream, type, data, observedAt) {
      const tenantId = stream.slice(stream.indexOf('-') + 1).split(':')[0]!;
      const event: DomainEvent = createEvent(type, data, { tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt });
      const revision = revisions.get(stream) ?? 0;
      revisions.set(stream, revision + 1);
      const message = { id: randomUUID(), stream, revision, position: position++, ...event } as EventMessage;
      events.push(message);
      return message;
    },
  };
}

/** A SHA-256 of `seed`: observations need a content hash; projections never read it. */
export const contentHashOf = (seed: string) => createHash('sha256').update(seed).digest('hex');
