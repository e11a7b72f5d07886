import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Bus, OutgoingMessage } from '@srw/bus';
import { createEvent, messageHeaders, streams, topics } from '@srw/contracts';
import { TransientError } from '@srw/errors';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { eventually, startTestTracing, type TestTracing } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { appendEvents } from './event-append';
import { startRelay } from './relay';

const callersTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A bus that keeps what it is given and fails the first `failures` publishes before sending. */
function recordingBus(failures = 0) {
  const published: OutgoingMessage[] = [];
  let attempts = 0;
  const bus: Bus = {
    system: 'test',
    ensureTopics: async () => undefined,
    consume: () => Promise.reject(new Error('not used')),
    ping: async () => undefined,
    close: async () => undefined,
    publish: async (_topic, messages) => {
      if (attempts++ < failures) throw new TransientError('injected: broker unavailable');
      published.push(...messages);
    },
  };
  return { bus, published };
}

async function relayOnce(tenant: string, failures: number, traceparent?: string) {
  const store = await SqliteEventStore.open();
  const { bus, published } = recordingBus(failures);
  const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, {
    tenantId: tenant,
    correlationId: 'c',
    causationId: 'c',
    observedAt: '2026-11-27T10:00:00.000Z',
    ...(traceparent ? { traceparent } : {}),
  });
  await appendEvents(store, streams.integration(tenant), [{ event }]);
  const relay = startRelay({ store, bus, categories: ['integration'], subscriptionId: 'relay' });
  onTestFinished(async () => {
    await relay.stop();
    await store.close();
  });
  const [message] = await eventually(() => published.length > 0 && published, { what: 'the event to be published' });
  const [stored] = await store.readStream(streams.integration(tenant));
  return { headers: message!.headers ?? {}, metadata: stored!.metadata };
}

// First, before any telemetry is registered in this file.
describe('relay without telemetry', () => {
  it('passes the traceparent recorded in the metadata on in the headers', async () => {
    const { headers } = await relayOnce('t-none', 0, callersTraceparent);
    expect(headers[messageHeaders.traceparent]).toBe(callersTraceparent);
  });

  it('adds no trace headers to an event that recorded none', async () => {
    const { headers } = await relayOnce('t-none-untraced', 0);
    expect(headers).not.toHaveProperty(messageHeaders.traceparent);
  });
});

describe('relay with telemetry started', () => {
  let tracing: TestTracing;
  beforeAll(() => {
    tracing = startTestTracing();
  });
  afterAll(() => tracing.stop());
  const sendSpans = async () => (await tracing.spans()).filter((span) => span.name === `send ${topics.integration}`);

  it('publishes in a PRODUCER span, child of the append, whose context travels in the headers; a failed publish’s span says so', async () => {
    const root = trace.getTracer('test').startSpan('request');
    const before = (await sendSpans()).length;
    const { headers, metadata } = await context.with(trace.setSpan(ROOT_CONTEXT, root), () => relayOnce('t-traced', 1));
    root.end();

    const spans = (await sendSpans()).slice(before);
    expect(spans.map((span) => span.kind)).toEqual([SpanKind.PRODUCER, SpanKind.PRODUCER]);
    const [failed, sent] = spans;
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.attributes['error.type']).toBe('TRANSIENT');
    expect(sent!.status.code).toBe(SpanStatusCode.UNSET);
    // Both attempts continue the append's context, recorded in the event's metadata.
    const append = `${metadata['traceparent']}`.split('-')[2];
    expect(spans.map((span) => span.parentSpanContext?.spanId)).toEqual([append, append]);
    expect(spans.every((span) => span.spanContext().traceId === root.spanContext().traceId)).toBe(true);
    expect(headers[messageHeaders.traceparent]).toBe(`00-${sent!.spanContext().traceId}-${sent!.spanContext().spanId}-01`);
    expect(sent!.attributes).toMatchObject({ 'messaging.system.name': 'test', 'messaging.destination.name': topics.integration });
  });
});
