import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createEvent, streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { contextFromTraceparent } from '@srw/observability';
import { startTestTracing, type TestTracing } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';

const metadata = (tenantId: string) => ({ tenantId, correlationId: 'c', causationId: 'c', observedAt: '2026-11-27T10:00:00.000Z' });
const syncRequested = (tenantId: string, extra: Record<string, string> = {}) =>
  createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, { ...metadata(tenantId), ...extra });
const callersTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const store = await SqliteEventStore.open();
afterAll(() => store.close());

async function appendOne(tenant: string, extra: Record<string, string> = {}) {
  await appendEvents(store, streams.integration(tenant), [{ event: syncRequested(tenant, extra) }]);
  const [stored] = await store.readStream(streams.integration(tenant));
  return stored!.metadata;
}

// First, before any telemetry is registered in this file: the API is a no-op then.
describe('appendEvents without telemetry', () => {
  it('records no trace context', async () => {
    const stored = await appendOne('t-none');
    expect(stored).not.toHaveProperty('traceparent');
    expect(stored).not.toHaveProperty('tracestate');
  });

  it('keeps the caller’s traceparent', async () => {
    expect((await appendOne('t-none-caller', { traceparent: callersTraceparent })).traceparent).toBe(callersTraceparent);
  });
});

describe('appendEvents with telemetry started', () => {
  let tracing: TestTracing;
  beforeAll(() => {
    tracing = startTestTracing();
  });
  afterAll(() => tracing.stop());

  const appendSpanOf = async (tenant: string) =>
    (await tracing.spans()).filter((span) => span.name === 'append integration' && span.attributes['srw.stream'] === streams.integration(tenant));

  it('records the trace of its append span, a child of the active span', async () => {
    const root = trace.getTracer('test').startSpan('request');
    const stored = await context.with(trace.setSpan(ROOT_CONTEXT, root), () => appendOne('t-active'));
    root.end();

    const [append, ...more] = await appendSpanOf('t-active');
    expect(more).toEqual([]);
    expect(append!.kind).toBe(SpanKind.INTERNAL);
    expect(append!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(append!.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(stored.traceparent).toBe(`00-${root.spanContext().traceId}-${append!.spanContext().spanId}-01`);
  });

  it('carries the incoming tracestate with the traceparent', async () => {
    const incoming = contextFromTraceparent(callersTraceparent, 'vendor=abc');
    const stored = await context.with(incoming, () => appendOne('t-state'));
    expect(stored.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(stored.tracestate).toBe('vendor=abc');
  });

  it('keeps a traceparent its caller set, still within an append span', async () => {
    const root = trace.getTracer('test').startSpan('request');
    const stored = await context.with(trace.setSpan(ROOT_CONTEXT, root), () => appendOne('t-caller', { traceparent: callersTraceparent }));
    root.end();
    expect(stored.traceparent).toBe(callersTraceparent);
    expect(stored).not.toHaveProperty('tracestate');
    expect(await appendSpanOf('t-caller')).toHaveLength(1);
  });

  it('starts a trace when no span is active, so a scheduled append is traced too', async () => {
    const stored = await appendOne('t-root');
    const [append] = await appendSpanOf('t-root');
    expect(append!.parentSpanContext).toBeUndefined();
    expect(stored.traceparent).toBe(`00-${append!.spanContext().traceId}-${append!.spanContext().spanId}-01`);
  });

  it('marks its span failed when the append is refused', async () => {
    const event = syncRequested('t-other');
    await expect(appendEvents(store, streams.integration('t-refused'), [{ event }])).rejects.toThrow(/metadata\.tenantId/);
    const [append] = await appendSpanOf('t-refused');
    expect(append!.status.code).toBe(SpanStatusCode.ERROR);
    expect(append!.attributes['error.type']).toBe('VALIDATION');
  });
});
