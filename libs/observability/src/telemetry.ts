import { startNodeSdk } from '@opentelemetry/sdk-node';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /**
   * Whether an OTLP collector is configured (the app's config sees `OTEL_EXPORTER_OTLP_ENDPOINT`).
   * When it is, exporters, sampling and batching follow the standard `OTEL_*` variables; when it is
   * not, nothing is exported (no connection errors on a laptop) but spans are still made, so trace
   * ids reach log lines and W3C trace context flows through event metadata and Kafka headers.
   */
  export: boolean;
  /** Where finished spans go instead of the `OTEL_*` exporters: tests pass an in-memory exporter's processor. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry: the W3C trace-context propagator, an AsyncLocalStorage context manager (so
 * the active span follows `await`; without one `context.with` changes nothing) and a tracer
 * provider. Call it from the app's `instrumentation.ts`, imported before anything else.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  // An empty list would mean no tracer provider at all: spans without ids, so no trace to carry.
  const spanProcessors = options.spanProcessors ?? (options.export ? undefined : [new NoopSpanProcessor()]);
  return startNodeSdk({
    resourceAttributes: {
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    },
    propagators: [new W3CTraceContextPropagator()],
    ...(spanProcessors ? { spanProcessors } : {}),
    ...(options.export ? {} : { metricReaders: [], logRecordProcessors: [] }),
  });
}
