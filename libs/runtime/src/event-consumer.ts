import { typedEventMessageSchema, type EventMessage } from '@srw/contracts';
import { issuesFromZod, ValidationError } from '@srw/errors';
import type { Bus, BusMessage, ConsumeOptions, Consumer } from '@srw/bus';

/**
 * Parses a bus message into a validated event message. A malformed one throws a non-retryable
 * `ValidationError`, which sends it straight to the DLQ with the offending fields named.
 */
export function parseEventMessage(message: BusMessage): EventMessage {
  let value: unknown;
  try {
    value = JSON.parse(message.value);
  } catch (error) {
    throw new ValidationError(`message ${message.topic}/${message.partition}@${message.offset}`, [
      { path: '', message: 'is not JSON' },
    ], { cause: error });
  }
  const parsed = typedEventMessageSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(`message ${message.topic}/${message.partition}@${message.offset}`, issuesFromZod(parsed.error));
  }
  return parsed.data;
}

export interface ConsumeEventsOptions extends Omit<ConsumeOptions, 'handle'> {
  handle(event: EventMessage, raw: BusMessage): Promise<void>;
}

/** Consumes topics of event messages, validating each before the handler sees it. */
export function consumeEvents(bus: Bus, options: ConsumeEventsOptions): Promise<Consumer> {
  return bus.consume({ ...options, handle: (raw) => options.handle(parseEventMessage(raw), raw) });
}
