import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** W3C trace context as it travels in event metadata and message headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The W3C trace context of `ctx` (the active one by default); empty when it holds no valid span. */
export function traceCarrierOf(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const { traceparent, tracestate } = carrier;
  return { ...(traceparent ? { traceparent } : {}), ...(traceparent && tracestate ? { tracestate } : {}) };
}

/** The W3C `traceparent` of the active span, to carry in event metadata and message headers. */
export function currentTraceparent(): string | undefined {
  return traceCarrierOf().traceparent;
}

/**
 * The context a carried trace continues. It is built on the root context, not the active one: a
 * message's trace must not inherit whatever span happened to be active where a consumer loop or a
 * subscription was started. Without a (valid) `traceparent` it is the root context.
 */
export function contextFromCarrier(carrier: TraceCarrier | Readonly<Record<string, string | undefined>>): Context {
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, tracestate ? { traceparent, tracestate } : { traceparent });
}

/** The context a `traceparent` (and its `tracestate`) from metadata or headers continues. */
export function contextFromTraceparent(traceparent: string | undefined, tracestate?: string): Context {
  return contextFromCarrier({ traceparent, tracestate });
}
