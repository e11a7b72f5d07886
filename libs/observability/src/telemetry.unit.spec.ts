import { context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry';
import { contextFromTraceparent, currentTraceparent, traceCarrierOf } from './trace-context';

describe('telemetry without a collector', () => {
  const telemetry = startTelemetry({ serviceName: 'test', export: false });
  afterAll(() => telemetry.shutdown());

  it('carries an incoming W3C trace context through to what we propagate', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const propagated = context.with(contextFromTraceparent(incoming), () => currentTraceparent());
    expect(propagated).toBe(incoming);
  });

  it('carries tracestate along with its traceparent', () => {
    const incoming = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=abc' };
    expect(traceCarrierOf(contextFromTraceparent(incoming.traceparent, incoming.tracestate))).toEqual(incoming);
  });

  it('propagates nothing when no trace is active', () => {
    expect(currentTraceparent()).toBeUndefined();
  });

  it('makes real spans, so a trace that starts here has context to carry', () => {
    const { carried, own } = trace.getTracer('test').startActiveSpan('operation', (span) => {
      span.end();
      return { carried: currentTraceparent(), own: span.spanContext() };
    });
    expect(carried).toBe(`00-${own.traceId}-${own.spanId}-01`);
  });

  it('keeps the active span across awaits (an AsyncLocalStorage context manager)', async () => {
    const seen = await trace.getTracer('test').startActiveSpan('operation', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      span.end();
      return { active: trace.getActiveSpan(), span };
    });
    expect(seen.active).toBe(seen.span);
  });
});
