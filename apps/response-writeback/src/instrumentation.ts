/** Imported first by main.ts: OpenTelemetry must be running before any other module loads. */
import { startTelemetry } from '@srw/observability';

export const telemetry = startTelemetry({
  serviceName: 'sr-willo-response-writeback',
  export: Boolean(process.env['OTEL_EXPORTER_OTLP_ENDPOINT']),
});
