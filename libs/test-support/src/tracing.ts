import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTelemetry } from '@srw/observability';

export interface TestTracing {
  /** Every span finished so far (pending exports flushed first). */
  spans(): Promise<ReadableSpan[]>;
  /** Shuts the SDK down and unregisters its globals. */
  stop(): Promise<void>;
}

/**
 * Starts telemetry the way an app's `instrumentation.ts` does (`startTelemetry`: the W3C propagator
 * and the AsyncLocalStorage context manager), keeping finished spans in memory. Start it once per
 * spec file, before the spans to observe; whatever was registered before is replaced.
 */
export function startTestTracing(serviceName = 'test'): TestTracing {
  unregisterTelemetry();
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const telemetry = startTelemetry({ serviceName, export: false, spanProcessors: [processor] });
  return {
    async spans() {
      await processor.forceFlush();
      return exporter.getFinishedSpans();
    },
    async stop() {
      await telemetry.shutdown();
      unregisterTelemetry();
    },
  };
}

function unregisterTelemetry(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}
