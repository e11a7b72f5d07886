import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromTraceparent } from '@srw/observability';
import type { MiddlewareHandler } from 'hono';

/**
 * One server span per request, continuing the caller's W3C `traceparent`, so that log lines, the
 * events a handler appends and a 500's answer all carry the caller's trace id.
 */
export function requestTracing(service: string): MiddlewareHandler {
  const tracer = trace.getTracer(service);
  return async (c, next) => {
    const parent = contextFromTraceparent(c.req.header('traceparent'));
    // The method alone names the span: a path with ids in it would make a name per request.
    const span = tracer.startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
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
