import { context, metrics, propagation, trace, type Attributes } from '@opentelemetry/api';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTelemetry } from '@srw/observability';

export interface TestTracing {
  /** Every span finished so far (pending exports flushed first). */
  spans(): Promise<ReadableSpan[]>;
  /** The points of metric `name` as collected now (cumulative), one per attribute set; empty when none was recorded. */
  metricPoints(name: string): Promise<MetricPoint[]>;
  /** Shuts the SDK down and unregisters its globals. */
  stop(): Promise<void>;
}

export interface MetricPoint {
  attributes: Attributes;
  /** A counter's sum or a gauge's last value. */
  value: number;
}

/** A reader that exports nothing: the spec collects from it when it asks. */
class InMemoryMetricReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/**
 * Starts telemetry the way an app's `instrumentation.ts` does (`startTelemetry`: the W3C propagator
 * and the AsyncLocalStorage context manager), keeping finished spans and the metrics in memory. Start it once per
 * spec file, before the spans to observe; whatever was registered before is replaced.
 */
export function startTestTracing(serviceName = 'test'): TestTracing {
  unregisterTelemetry();
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const reader = new InMemoryMetricReader();
  const telemetry = startTelemetry({ serviceName, export: false, spanProcessors: [processor], metricReaders: [reader] });
  return {
    async spans() {
      await processor.forceFlush();
      return exporter.getFinishedSpans();
    },
    async metricPoints(name) {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints.map((point) => ({ attributes: point.attributes, value: Number(point.value) })));
    },
    async stop() {
      // Spans wait for the resource's detected attributes before export: flushed here, not after the exporter stopped.
      await processor.forceFlush();
      await telemetry.shutdown();
      unregisterTelemetry();
    },
  };
}

function unregisterTelemetry(): void {
  trace.disable();
  metrics.disable();
  context.disable();
  propagation.disable();
}
