import { trace } from '@opentelemetry/api';
import { currentTraceparent } from '@srw/observability';
import { afterAll, expect, it } from 'vitest';
import { telemetry } from './instrumentation';

afterAll(() => telemetry.shutdown());

it('starts telemetry whose spans carry W3C trace context across awaits, with no collector configured', async () => {
  const { carried, own } = await trace.getTracer('test').startActiveSpan('operation', async (span) => {
    await new Promise((resolve) => setImmediate(resolve));
    span.end();
    return { carried: currentTraceparent(), own: span.spanContext() };
  });
  expect(carried).toBe(`00-${own.traceId}-${own.spanId}-01`);
});
