import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, trace, type SpanContext } from '@opentelemetry/api';
import { SqliteBus } from '@srw/bus/embedded';
import { createEvent, messageHeaders, streams, topics } from '@srw/contracts';
import { TransientError } from '@srw/errors';
import { eventually, startTestTracing } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { consumeEvents, inEventTrace } from './event-consumer';

const tracing = startTestTracing();
afterAll(() => tracing.stop());

const appendTrace = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const sendTrace = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7' };
const traceparentOf = (ids: { traceId: string; spanId: string }) => `00-${ids.traceId}-${ids.spanId}-01`;

function eventMessage(tenant: string) {
  const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, {
    tenantId: tenant,
    correlationId: 'c',
    causationId: 'c',
    observedAt: '2026-11-27T10:00:00.000Z',
    traceparent: traceparentOf(appendTrace),
  });
  return { id: randomUUID(), stream: streams.integration(tenant), revision: 0, position: 1, ...event };
}

/** Consumes one message in a fresh group; the handler fails `failures` times, then records the active span. */
async function consumeOne(headers: Record<string, string>, failures = 0) {
  const bus = await SqliteBus.open({ pollIntervalMs: 10 });
  await bus.ensureTopics([{ topic: topics.integration, partitions: 1 }]);
  const message = eventMessage(`t${randomUUID().slice(0, 8)}`);
  await bus.publish(topics.integration, [{ key: 'k', value: JSON.stringify(message), headers: { [messageHeaders.eventId]: message.id, ...headers } }]);
  const active: (SpanContext | undefined)[] = [];
  const groupId = `g-${randomUUID()}`;
  await consumeEvents(bus, {
    groupId,
    topics: [topics.integration],
    retryBackoffMs: 1,
    handle: async () => {
      active.push(trace.getActiveSpan()?.spanContext());
      if (active.length <= failures) throw new TransientError('injected');
    },
  });
  await eventually(() => active.length > failures, { what: 'the message to be handled' });
  await bus.close();
  const spans = (await tracing.spans()).filter((span) => span.attributes['messaging.consumer.group.name'] === groupId);
  return { spans, active };
}

describe('consumeEvents tracing', () => {
  it('handles each attempt in a CONSUMER span whose parent is the send span from the headers', async () => {
    const { spans, active } = await consumeOne({ [messageHeaders.traceparent]: traceparentOf(sendTrace) }, 1);
    expect(spans.map((span) => [span.name, span.kind, span.status.code])).toEqual([
      [`process ${topics.integration}`, SpanKind.CONSUMER, SpanStatusCode.ERROR],
      [`process ${topics.integration}`, SpanKind.CONSUMER, SpanStatusCode.UNSET],
    ]);
    expect(spans.map((span) => span.parentSpanContext?.spanId)).toEqual([sendTrace.spanId, sendTrace.spanId]);
    expect(spans.map((span) => span.links[0]?.context.spanId)).toEqual([sendTrace.spanId, sendTrace.spanId]);
    expect(active.map((context) => context?.spanId)).toEqual(spans.map((span) => span.spanContext().spanId));
    expect(spans[0]!.attributes['error.type']).toBe('TRANSIENT');
    expect(spans[1]!.attributes).toMatchObject({ 'messaging.system.name': 'embedded', 'messaging.operation.type': 'process' });
  });

  it('continues the trace in the event’s metadata when the headers carry none', async () => {
    const { spans, active } = await consumeOne({});
    expect(spans.map((span) => span.parentSpanContext?.spanId)).toEqual([appendTrace.spanId]);
    expect(active[0]?.traceId).toBe(appendTrace.traceId);
  });

  it('names the tenant and the event on the handler’s span', async () => {
    const { spans } = await consumeOne({});
    expect(spans[0]!.attributes).toMatchObject({ 'srw.tenant_id': expect.stringMatching(/^t/), 'srw.event_type': 'SyncRequested' });
  });

  it('runs the work of one event of a batch in that event’s own trace, not the batch’s', async () => {
    const bus = await SqliteBus.open({ pollIntervalMs: 10 });
    await bus.ensureTopics([{ topic: topics.integration, partitions: 1 }]);
    const sendTraces = [
      { traceId: '1af7651916cd43dd8448eb211c80319c', spanId: '10f067aa0ba902b7' },
      { traceId: '2af7651916cd43dd8448eb211c80319c', spanId: '20f067aa0ba902b7' },
    ];
    const messages = sendTraces.map(() => eventMessage(`t${randomUUID().slice(0, 8)}`));
    await bus.publish(
      topics.integration,
      messages.map((message, index) => ({ key: 'k', value: JSON.stringify(message), headers: { [messageHeaders.traceparent]: traceparentOf(sendTraces[index]!) } })),
    );
    const groupId = `g-${randomUUID()}`;
    const seen: { batch?: SpanContext; own: (SpanContext | undefined)[] } = { own: [] };
    await consumeEvents(bus, {
      groupId,
      topics: [topics.integration],
      handle: async () => undefined,
      handleBatch: async (received) => {
        seen.batch = trace.getActiveSpan()?.spanContext();
        for (const item of received) await inEventTrace(item, async () => void seen.own.push(trace.getActiveSpan()?.spanContext()));
      },
    });
    await eventually(() => seen.own.length === 2, { what: 'both events to be handled in one batch' });
    await bus.close();
    expect(seen.own.map((context) => context?.traceId)).toEqual(sendTraces.map((ids) => ids.traceId));
    const spans = (await tracing.spans()).filter((span) => span.attributes['messaging.consumer.group.name'] === groupId);
    const own = spans.filter((span) => span.spanContext().spanId !== seen.batch?.spanId);
    expect(own.map((span) => [span.kind, span.parentSpanContext?.spanId, span.attributes['srw.tenant_id']])).toEqual(
      sendTraces.map((ids, index) => [SpanKind.CONSUMER, ids.spanId, messages[index]!.metadata.tenantId]),
    );
  });
});
