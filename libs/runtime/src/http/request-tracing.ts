import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromTraceparent } from '@srw/observability';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * One server span per request, continuing the caller's W3C `traceparent`, so that log lines, the
 * events a handler appends and a 500's answer all carry the caller's trace id.
 */
export function requestTracing(service: string): MiddlewareHandler {
  const tracer = trace.getTracer(service);
  return async (c, next) => {
    const parent = contextFromTraceparent(c.req.header('traceparent'));
    // Named by the method until the route is known: a path with ids in it would make a name per request.
    const span = tracer.startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
      // The route template that answered (`/webhooks/willo/:tenantId`), known once routing is done; a
      // catch-all (no route matched) leaves the method alone.
      const route = routePath(c);
      if (route && !route.endsWith('*')) {
        span.updateName(`${c.req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      // Webhook routes name their tenant in the path (`:tenantId`, or SR's `:tenant`).
      const tenantParam = /:tenantId\b/.test(route) ? 'tenantId' : /:tenant\b/.test(route) ? 'tenant' : undefined;
      const tenantId = tenantParam ? c.req.param(tenantParam) : undefined;
      if (tenantId) span.setAttribute('srw.tenant_id', tenantId);
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    } finally {
      span.end();
    }
  };
}

/** The active trace id, if a real one is active (the no-op tracer's all-zero id is none). */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
