import { messageHeaders, typedEventMessageSchema, type EventMessage } from '@srw/contracts';
import { issuesFromZod, ValidationError } from '@srw/errors';
import type { Bus, BusMessage, ConsumeOptions, Consumer } from '@srw/bus';
import { trace } from '@opentelemetry/api';
import { ATTR_EVENT_TYPE, ATTR_TENANT_ID, withLogFields, type TraceCarrier } from '@srw/observability';
import { inProcessBatchSpan, inProcessSpan, traceRecordedIn } from './message-tracing';

/**
 * Parses a bus message into a validated event message. A malformed one throws a non-retryable
 * `ValidationError`, which sends it straight to the DLQ with the offending fields named.
 */
export function parseEventMessage(message: BusMessage): EventMessage {
  let value: unknown;
  try {
    value = JSON.parse(message.value);
  } catch (error) {
    throw new ValidationError(`message ${message.topic}/${message.partition}@${message.offset}`, [
      { path: '', message: 'is not JSON' },
    ], { cause: error });
  }
  const parsed = typedEventMessageSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(`message ${message.topic}/${message.partition}@${message.offset}`, issuesFromZod(parsed.error));
  }
  return parsed.data;
}

export interface ReceivedEvent {
  event: EventMessage;
  raw: BusMessage;
}

export interface ConsumeEventsOptions extends Omit<ConsumeOptions, 'handle' | 'handleBatch'> {
  handle(event: EventMessage, raw: BusMessage): Promise<void>;
  /**
   * Only these event types reach the handler; the others are passed over by their `eventType`
   * header, unparsed (a consumer of one rare type on a busy topic). Unset: every event.
   */
  eventTypes?: readonly string[];
  /**
   * Optional: the events of one partition delivered together (see the bus's `handleBatch`). A batch
   * holding a message that is not a valid event throws before the handler runs, so its messages go
   * one by one through `handle`, and the bad one to the DLQ.
   */
  handleBatch?(events: readonly ReceivedEvent[]): Promise<void>;
}

/**
 * Consumes topics of event messages, validating each before the handler sees it. The handler runs
 * inside a CONSUMER span continuing the trace the message carries (its headers, else its event's
 * metadata), so what it appends and logs belongs to that trace.
 */
export function consumeEvents(bus: Bus, options: ConsumeEventsOptions): Promise<Consumer> {
  const { handleBatch, eventTypes, ...rest } = options;
  const wanted = eventTypes ? new Set(eventTypes) : undefined;
  // A message without the header is parsed as any other: the handler's check decides.
  const passedOver = (raw: BusMessage) => {
    const type = raw.headers[messageHeaders.eventType];
    return wanted !== undefined && type !== undefined && !wanted.has(type);
  };
  return bus.consume({
    ...rest,
    ...(handleBatch
      ? {
          handleBatch: async (all: readonly BusMessage[]) => {
            const raws = all.filter((raw) => !passedOver(raw));
            if (raws.length === 0) return;
            const events = raws.map((raw) => ({ event: parseEventMessage(raw), raw }));
            const sentIn = events.map(({ raw, event }) => sendingTraceOf(raw, event));
            events.forEach((received, index) => ownTraces.set(received, { groupId: options.groupId, system: bus.system, sentIn: sentIn[index]! }));
            await inProcessBatchSpan(raws, { groupId: options.groupId, system: bus.system, sentIn }, () => handleBatch(events));
          },
        }
      : {}),
    handle: async (raw) => {
      if (passedOver(raw)) return;
      let event: EventMessage | undefined;
      let invalid: unknown;
      try {
        event = parseEventMessage(raw);
      } catch (error) {
        invalid = error;
      }
      const sentIn = sendingTraceOf(raw, event);
      return inProcessSpan(raw, { groupId: options.groupId, system: bus.system, sentIn }, async () => {
        if (!event) throw invalid;
        const handled = event;
        await aboutEvent(handled, () => options.handle(handled, raw));
      });
    },
  });
}

/** Names the event on the active span and on every line logged meanwhile, without each handler passing them. */
function aboutEvent<T>(event: EventMessage, work: () => Promise<T>): Promise<T> {
  trace.getActiveSpan()?.setAttributes({ [ATTR_TENANT_ID]: event.metadata.tenantId, [ATTR_EVENT_TYPE]: event.type, 'srw.stream': event.stream });
  return withLogFields({ tenantId: event.metadata.tenantId, eventId: event.id, eventType: event.type }, work);
}

/** How each event of a delivered batch continues its own trace (see `inEventTrace`). */
const ownTraces = new WeakMap<ReceivedEvent, { groupId: string; system?: string; sentIn: TraceCarrier }>();

/**
 * Runs `work` about one event of a batch in its own CONSUMER span, a child of the context its message
 * carries: the batch's span only links the traces it mixes, so what a batch handler appends for one
 * event (an `InviteRequested` for an observation) would otherwise start a trace of its own instead of
 * going on with the event's. Outside a batch of `consumeEvents` it just runs `work`.
 */
export function inEventTrace<T>(received: ReceivedEvent, work: () => Promise<T>): Promise<T> {
  const facts = ownTraces.get(received);
  if (!facts) return work();
  return inProcessSpan(received.raw, facts, () => aboutEvent(received.event, work));
}

/** The relay puts its send span in the headers; a message published otherwise may carry only the append's. */
function sendingTraceOf(raw: BusMessage, event: EventMessage | undefined): TraceCarrier {
  const traceparent = raw.headers[messageHeaders.traceparent];
  if (traceparent) {
    const tracestate = raw.headers[messageHeaders.tracestate];
    return tracestate ? { traceparent, tracestate } : { traceparent };
  }
  return event ? traceRecordedIn(event.metadata) : {};
}
