import { startNodeSdk } from '@opentelemetry/sdk-node';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /**
   * Whether an OTLP collector is configured (the app's config sees `OTEL_EXPORTER_OTLP_ENDPOINT`).
   * When it is, spans follow the standard `OTEL_*` variables and metrics go to the collector over
   * OTLP (http/protobuf, once a minute); when it is not,
   * nothing is exported (no connection errors on a laptop) but spans are still made, so trace
   * ids reach log lines and W3C trace context flows through event metadata and Kafka headers.
   * Either way the metrics can be scraped from the app's `/metrics` (`metricsText`).
   */
  export: boolean;
  /** Where finished spans go instead of the `OTEL_*` exporters: tests pass an in-memory exporter's processor. */
  spanProcessors?: SpanProcessor[];
  /** Readers of the metrics besides the scrape reader and the OTLP one: tests pass an in-memory one. */
  metricReaders?: IMetricReader[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/** The reader `/metrics` collects from: the one of the telemetry started last. */
let scrapeReader: PrometheusExporter | undefined;

/**
 * Starts OpenTelemetry: the W3C trace-context propagator, an AsyncLocalStorage context manager (so
 * the active span follows `await`; without one `context.with` changes nothing), a tracer provider
 * and a meter provider. Call it from the app's `instrumentation.ts`, imported before anything else.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  // An empty list would mean no tracer provider at all: spans without ids, so no trace to carry.
  const spanProcessors = options.spanProcessors ?? (options.export ? undefined : [new NoopSpanProcessor()]);
  // Pulled by `/metrics` on the app's own port, not a server of its own: one port per app to expose.
  const scrape = new PrometheusExporter({ preventServerStart: true });
  scrapeReader = scrape;
  const metricReaders: IMetricReader[] = [
    scrape,
    ...(options.export ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })] : []),
    ...(options.metricReaders ?? []),
  ];
  return startNodeSdk({
    resourceAttributes: {
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    },
    propagators: [new W3CTraceContextPropagator()],
    ...(spanProcessors ? { spanProcessors } : {}),
    metricReaders,
    ...(options.export ? {} : { logRecordProcessors: [] }),
  });
}

/**
 * The current metrics in the Prometheus text format, for a `/metrics` route; undefined when no
 * telemetry was started in this process (an app's tests that build it without `instrumentation.ts`).
 */
export async function metricsText(): Promise<string | undefined> {
  if (!scrapeReader) return undefined;
  const { resourceMetrics } = await scrapeReader.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}
