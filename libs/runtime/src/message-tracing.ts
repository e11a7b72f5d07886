import { context, ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import type { BusMessage, OutgoingMessage } from '@srw/bus';
import { messageHeaders } from '@srw/contracts';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  contextFromCarrier,
  messagingAttributes,
  messagingSpanName,
  recordSpanFailure,
  traceCarrierOf,
  type TraceCarrier,
} from '@srw/observability';
import { runtimeTracer } from './runtime-tracer';

/** The trace an event's metadata records; only strings count (a stored event is not trusted to be well formed). */
export function traceRecordedIn(metadata: Readonly<Record<string, unknown>>): TraceCarrier {
  const { traceparent, tracestate } = metadata;
  return {
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
    ...(typeof traceparent === 'string' && typeof tracestate === 'string' ? { tracestate } : {}),
  };
}

const kafkaOnly = (system: string | undefined, attributes: Attributes): Attributes => (system === 'kafka' ? attributes : {});

/**
 * Starts the PRODUCER span of one message about to be published, as a child of the trace recorded
 * in its event's metadata, and puts that span's context in the message's headers: consumers
 * continue from the send, and through it from the append. End it once the publish settles.
 * (One span per message, not per batch, as the kafkajs instrumentation does: a batch mixes traces,
 * and each message needs its own creation context.)
 */
export function startSendSpan(
  message: OutgoingMessage,
  facts: { topic: string; system?: string; eventId: string; appendedIn: TraceCarrier },
): Span {
  const span = runtimeTracer().startSpan(
    messagingSpanName({ operation: 'send', destination: facts.topic }),
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...messagingAttributes({ system: facts.system, destination: facts.topic, operation: 'send' }),
        [ATTR_MESSAGING_MESSAGE_ID]: facts.eventId,
        ...kafkaOnly(facts.system, { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: message.key }),
      },
    },
    contextFromCarrier(facts.appendedIn),
  );
  const continued = traceCarrierOf(trace.setSpan(ROOT_CONTEXT, span));
  // With no telemetry registered there is no propagator: the recorded context then passes through as it is.
  const { traceparent, tracestate } = continued.traceparent ? continued : facts.appendedIn;
  const headers = { ...message.headers };
  if (traceparent) headers[messageHeaders.traceparent] = traceparent;
  if (traceparent && tracestate) headers[messageHeaders.tracestate] = tracestate;
  message.headers = headers;
  return span;
}

/** Ends the send spans of a publish once it settles, marking them failed if it failed. */
export async function endSendSpansWith(spans: readonly Span[], publish: Promise<void>): Promise<void> {
  try {
    await publish;
  } catch (error) {
    for (const span of spans) recordSpanFailure(span, error);
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Ends the spans of messages never offered to the bus because an earlier publish of their batch failed. */
export function endUnsentSpans(spans: readonly Span[], cause: unknown): void {
  for (const span of spans) {
    recordSpanFailure(span, cause);
    span.end();
  }
}

/**
 * Runs a consumer's handler inside the CONSUMER span of the message, a child of (and linked to) the
 * context the message carries, so anything the handler appends continues the same trace. Each
 * delivery attempt gets its own span; a failed attempt's span records the error.
 */
export async function inProcessSpan<T>(
  raw: BusMessage,
  facts: { groupId: string; system?: string; sentIn: TraceCarrier },
  handle: () => Promise<T>,
): Promise<T> {
  const parent = contextFromCarrier(facts.sentIn);
  const sender = trace.getSpanContext(parent);
  const eventId = raw.headers[messageHeaders.eventId];
  return inConsumerSpan(
    raw,
    facts,
    {
      ...(eventId ? { [ATTR_MESSAGING_MESSAGE_ID]: eventId } : {}),
      ...kafkaOnly(facts.system, { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: raw.key, [ATTR_MESSAGING_KAFKA_OFFSET]: Number(raw.offset) }),
    },
    // The conventions ask a process span to link the message's creation context, parent or not.
    sender ? [{ context: sender }] : [],
    parent,
    handle,
  );
}

/** The CONSUMER span `process <topic>` of a message or a batch (`first` names its topic and partition), around `handle`. */
async function inConsumerSpan<T>(
  first: BusMessage,
  facts: { groupId: string; system?: string },
  attributes: Attributes,
  links: Link[],
  parent: Context,
  handle: () => Promise<T>,
): Promise<T> {
  const span = runtimeTracer().startSpan(
    messagingSpanName({ operation: 'process', destination: first.topic }),
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...messagingAttributes({ system: facts.system, destination: first.topic, operation: 'process' }),
        [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: facts.groupId,
        [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(first.partition),
        ...attributes,
      },
      links,
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), handle);
  } catch (error) {
    recordSpanFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs a batch handler inside one CONSUMER span for the batch, linked to the context each message
 * carries (the conventions' batch form: a batch mixes traces, so it links them instead of choosing
 * a parent). A failed batch's span records the error; its messages then get their own spans, one by one.
 */
export async function inProcessBatchSpan<T>(
  raws: readonly BusMessage[],
  facts: { groupId: string; system?: string; sentIn: readonly TraceCarrier[] },
  handle: () => Promise<T>,
): Promise<T> {
  const links = facts.sentIn.flatMap((carrier) => {
    const sender = trace.getSpanContext(contextFromCarrier(carrier));
    return sender ? [{ context: sender }] : [];
  });
  return inConsumerSpan(raws[0]!, facts, { 'messaging.batch.message_count': raws.length }, links, ROOT_CONTEXT, handle);
}
