import { startNodeSdk } from '@opentelemetry/sdk-node';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /**
   * Whether an OTLP collector is configured (the app's config sees `OTEL_EXPORTER_OTLP_ENDPOINT`).
   * When it is, exporters, sampling and batching follow the standard `OTEL_*` variables; when it is
   * not, nothing is exported (no connection errors on a laptop) but W3C trace context still flows
   * through HTTP, event metadata and Kafka headers.
   */
  export: boolean;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/** Starts OpenTelemetry. Call it from the app's `instrumentation.ts`, imported before anything else. */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const off = options.export ? {} : { spanProcessors: [], metricReaders: [], logRecordProcessors: [] };
  return startNodeSdk({
    resourceAttributes: {
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    },
    propagators: [new W3CTraceContextPropagator()],
    ...off,
  });
}
