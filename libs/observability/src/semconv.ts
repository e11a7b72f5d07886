import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';

/*
 * OpenTelemetry semantic conventions we emit. The messaging ones are still in development, so their
 * names are copied here, as @opentelemetry/semantic-conventions advises for unstable conventions,
 * instead of importing its incubating entry point (which may break in a minor release).
 */
export const ATTR_MESSAGING_SYSTEM_NAME = 'messaging.system.name';
/** Replaced by `messaging.system.name`; still read by backends that build service graphs from it. */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
/** Replaced by `messaging.operation.type` (where `publish` became `send`); kept for the same reason. */
export const ATTR_MESSAGING_OPERATION = 'messaging.operation';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = 'messaging.kafka.message.key';
export const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset';
export const ATTR_ERROR_TYPE = 'error.type';

/** The messaging operations we trace: a producer sending a message, a consumer processing one. */
export type MessagingOperation = 'send' | 'process';

export interface MessagingSpanFacts {
  /** `kafka`, or our own name for the embedded bus; left out when the bus does not say. */
  system?: string;
  destination: string;
  operation: MessagingOperation;
}

/** `{operation} {destination}`, the span name the messaging conventions ask for. */
export function messagingSpanName({ operation, destination }: MessagingSpanFacts): string {
  return `${operation} ${destination}`;
}

/** The attributes every messaging span carries, in today's names and in the names they replace. */
export function messagingAttributes({ system, destination, operation }: MessagingSpanFacts): Attributes {
  return {
    ...(system ? { [ATTR_MESSAGING_SYSTEM_NAME]: system, [ATTR_MESSAGING_SYSTEM]: system } : {}),
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
    [ATTR_MESSAGING_OPERATION_TYPE]: operation,
    [ATTR_MESSAGING_OPERATION_NAME]: operation,
    [ATTR_MESSAGING_OPERATION]: operation === 'send' ? 'publish' : operation,
  };
}

/** Marks a span failed: error status, the exception as an event, and `error.type` (our code, else the class). */
export function recordSpanFailure(span: Span, error: unknown): void {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const errorType = typeof code === 'string' ? code : error instanceof Error ? error.name : '_OTHER';
  span.setAttribute(ATTR_ERROR_TYPE, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  if (error instanceof Error) span.recordException(error);
}
