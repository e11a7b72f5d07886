import { randomUUID } from 'node:crypto';
import { createEvent, streams, type EventByType, type EventMessage, type EventType } from '@srw/contracts';

let position = 0;

/** An event as the bus hands it to a consumer, for specs of the handler and the book. */
export function eventMessage<T extends EventType>(
  tenantId: string,
  type: T,
  data: EventByType<T>['data'],
  options: { at?: number; runId?: string; id?: string } = {},
): EventMessage {
  const metadata = { tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date(options.at ?? Date.UTC(2026, 0, 5, 9)).toISOString() };
  const event = createEvent(type, data, metadata);
  const stream = options.runId ? streams.syncRun(tenantId, options.runId) : type.startsWith('Interview') ? streams.interviewMapping(tenantId, 'iv1') : streams.integration(tenantId);
  return { ...event, id: options.id ?? randomUUID(), stream, revision: 0, position: position++ } as EventMessage;
}
