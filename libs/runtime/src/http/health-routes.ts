import { Hono } from 'hono';
import { metricsText } from '@srw/observability';
import type { Adapters } from '../adapters';
import { checkAdapters, describeFailures } from '../readiness';
import { problemResponse, statusTitle } from './problem-details';

export type Lifecycle = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

export interface HealthOptions {
  adapters: Adapters;
  lifecycle(): Lifecycle;
  /** Extra facts for a ready answer (e.g. the relay's checkpoint). */
  details?(): Record<string, unknown>;
  checkTimeoutMs: number;
}

const notReady = (detail: string, extra: Record<string, unknown> = {}) =>
  problemResponse({ type: 'urn:srw:problem:not-ready', title: statusTitle(503), status: 503, detail, instance: '/readyz', ...extra });

/**
 * `/healthz`: the process answers (a liveness probe restarts it when it does not). `/readyz`: the
 * service is running and every adapter answers a ping now; otherwise a 503 naming what failed, so
 * traffic goes elsewhere while a broker or database is down. `/metrics`: the metrics in the
 * Prometheus text format.
 */
export function healthRoutes(options: HealthOptions): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Prometheus scrapes the same metrics the OTLP exporter sends (when telemetry runs in this process).
  app.get('/metrics', async (c) => {
    const text = await metricsText();
    if (text === undefined) return problemResponse({ type: 'about:blank', title: statusTitle(404), status: 404, detail: 'telemetry is not started in this process', instance: '/metrics' });
    return c.text(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  app.get('/readyz', async (c) => {
    const lifecycle = options.lifecycle();
    if (lifecycle !== 'running') return notReady(`the service is ${lifecycle === 'created' ? 'not started' : lifecycle}`);
    const readiness = await checkAdapters(options.adapters, options.checkTimeoutMs);
    const adapters = options.adapters.kinds;
    if (!readiness.ready) {
      return notReady(`adapter check failed: ${describeFailures(readiness)}`, { adapters, checks: readiness.checks });
    }
    return c.json({ status: 'ready', adapters, checks: readiness.checks, ...options.details?.() });
  });
  return app;
}
