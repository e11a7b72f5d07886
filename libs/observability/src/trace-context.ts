import { context, propagation, type Context } from '@opentelemetry/api';

/** The W3C `traceparent` of the active span, to carry in event metadata and message headers. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/** The context a `traceparent` (from metadata or headers) continues. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
}
