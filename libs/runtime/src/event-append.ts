import { SpanKind } from '@opentelemetry/api';
import { domainEventSchema, eventsByCategory, parseStreamName, type DomainEvent } from '@srw/contracts';
import { issuesFromZod, ValidationError } from '@srw/errors';
import { newEventId, type AppendOptions, type AppendResult, type EventStore } from '@srw/event-store';
import { recordSpanFailure, traceCarrierOf, type TraceCarrier } from '@srw/observability';
import { countAppended } from './appended-metrics';
import { runtimeTracer } from './runtime-tracer';

export interface EventWithId {
  event: DomainEvent;
  /**
   * Deterministic where a retry could repeat the append (`eventIdFor`); random otherwise. A repeat
   * is a durable no-op only with `expectedRevision` `no_stream` or an exact revision: with the
   * default `any` the store recognises it on a best-effort basis only (see `ExpectedRevision`).
   */
  id?: string;
}

/**
 * Appends domain events after checking each one: its schema (what is stored is the parsed event,
 * so a field the schema does not know never reaches the store or Kafka), that its type belongs to
 * the stream's category, and that its tenant is the stream's tenant (the Kafka key comes from the
 * stream, consumers read the metadata: the two must agree).
 *
 * Runs in an `append {category}` span, a child of the active span (a root when none is active), and
 * records that span's W3C trace context in each event's metadata whose caller did not set one: the
 * relay and every consumer continue it. With no telemetry started there is no span and no trace.
 */
export async function appendEvents(
  store: EventStore,
  stream: string,
  events: readonly EventWithId[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const { category, parts } = parseStreamName(stream);
  const attributes = { 'srw.stream': stream, 'srw.tenant_id': parts[0]!, 'srw.event_count': events.length };
  return runtimeTracer().startActiveSpan(`append ${category}`, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      const trace = traceCarrierOf();
      const allowed = new Set<string>(eventsByCategory[category].map((definition) => definition.type));
      const toAppend = events.map(({ event, id }, index) => {
        const subject = `event ${index} (${event.type}) for ${stream}`;
        const parsed = domainEventSchema.safeParse(withTrace(event, trace));
        if (!parsed.success) throw new ValidationError(subject, issuesFromZod(parsed.error));
        const checked = parsed.data;
        if (!allowed.has(checked.type)) {
          throw new ValidationError(subject, [{ path: 'type', message: `is not an event of the ${category} category` }]);
        }
        if (checked.metadata.tenantId !== parts[0]) {
          throw new ValidationError(subject, [{ path: 'metadata.tenantId', message: `must be the stream's tenant ${parts[0]}` }]);
        }
        return { id: id ?? newEventId(), type: checked.type, data: checked.data, metadata: checked.metadata };
      });
      const result = await store.append(stream, toAppend, options);
      countAppended(category, toAppend);
      return result;
    } catch (error) {
      recordSpanFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The event with the append's trace in its metadata, unless its caller put one there (an incoming request's). */
function withTrace(event: DomainEvent, trace: TraceCarrier): DomainEvent {
  const metadata: unknown = event.metadata;
  if (!trace.traceparent || typeof metadata !== 'object' || metadata === null) return event;
  if ((metadata as { traceparent?: unknown }).traceparent !== undefined) return event;
  return { ...event, metadata: { ...event.metadata, ...trace } };
}
