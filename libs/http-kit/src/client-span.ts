import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { recordSpanFailure } from '@srw/observability';

export interface ClientCall {
  /** Who is called, as `peer.service`: `smartrecruiters`, `willo`. */
  peer: string;
  method: string;
  /** The path template, never with ids or emails in it: `/candidates/{candidateId}`. Names the span. */
  route: string;
  url: URL;
  /** Which repeat of the call this attempt is: 0 for the first. */
  resendCount: number;
  /** Ids only (a tenant, a credential): span attributes reach the tracing backend. */
  attributes?: Attributes;
}

/**
 * Runs one attempt of an outgoing HTTP call in a CLIENT span `{method} {route}`, a child of the
 * active span, and hands `send` the W3C headers that continue it at the callee. The full URL is left
 * out (its query may name a person); so are request and response bodies. A 4xx or 5xx answer, or no
 * answer, marks the span failed.
 */
export async function inClientSpan<T extends { status: number }>(call: ClientCall, send: (traceHeaders: Record<string, string>) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer('@srw/http-kit');
  const port = call.url.port || (call.url.protocol === 'https:' ? '443' : '80');
  const span = tracer.startSpan(`${call.method} ${call.route}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': call.method,
      'url.template': call.route,
      'server.address': call.url.hostname,
      'server.port': Number(port),
      'peer.service': call.peer,
      ...(call.resendCount > 0 ? { 'http.request.resend_count': call.resendCount } : {}),
      ...call.attributes,
    },
  });
  const active = trace.setSpan(context.active(), span);
  const traceHeaders: Record<string, string> = {};
  propagation.inject(active, traceHeaders);
  try {
    const answer = await context.with(active, () => send(traceHeaders));
    span.setAttribute('http.response.status_code', answer.status);
    if (answer.status >= 400) {
      span.setAttribute('error.type', String(answer.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return answer;
  } catch (error) {
    recordSpanFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
