import { z } from 'zod';
import { adapterConfigSchema } from './adapters';

/** A TCP port setting; 0 asks the system for a free one (tests). */
export const portSetting = z.coerce.number().int().min(0).max(65_535);

/**
 * What every service reads from its environment: its adapters (see `adapterConfigSchema`), where it
 * listens, how it logs and how long it may take to stop. An app extends it with its own keys.
 */
export const serviceConfigSchema = adapterConfigSchema.extend({
  PORT: portSetting.default(3000),
  /** Loopback by default: a container sets `0.0.0.0` to be reachable from outside. */
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** After a SIGTERM, how long stopping may take before the process exits anyway (code 1). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long `/readyz` waits for each adapter's ping before calling it down. */
  READY_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  /** Read by OpenTelemetry itself (with the other standard `OTEL_*` variables); checked here so a typo fails at start. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});
export type ServiceConfig = z.output<typeof serviceConfigSchema>;
