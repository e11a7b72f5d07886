import {
  categoryPrefix,
  dlqTopic,
  messageHeaders,
  messageKeyFor,
  parseStreamName,
  topicForCategory,
  typedEventMessageSchema,
  type Category,
} from '@srw/contracts';
import type { Span } from '@opentelemetry/api';
import type { Bus, OutgoingMessage } from '@srw/bus';
import type { EventStore, RecordedEvent, Subscription } from '@srw/event-store';
import { silentLogger, type Logger } from '@srw/observability';
import { endSendSpansWith, endUnsentSpans, startSendSpan, traceRecordedIn } from './message-tracing';

export interface RelayOptions {
  store: EventStore;
  bus: Bus;
  /**
   * The categories this app owns (`relayCategoriesOf`): only their streams are published by its relay.
   * The owners go by topic, so each key's events reach its partition in position order.
   */
  categories: readonly Category[];
  /** Names the stored checkpoint; one per app. */
  subscriptionId: string;
  logger?: Logger;
  maxBatchSize?: number;
  /** Where a category's events go. Defaults to the contract's topics; a benchmark gives its own. */
  topicFor?: (category: Category) => string;
}

/**
 * Bytes of message values per publish call: one call is one Kafka request, which the broker
 * refuses above `message.max.bytes` (1 MiB by default), so a large batch goes in several calls.
 */
const maxBytesPerPublish = 512 * 1024;

function chunkBySize(messages: OutgoingMessage[]): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value) + Buffer.byteLength(message.key);
    if (current.length > 0 && bytes + size > maxBytesPerPublish) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function toMessage(event: RecordedEvent, topicFor: (category: Category) => string): { topic: string; message: OutgoingMessage; valid: boolean; problem?: string } {
  const value = {
    id: event.id,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
  const metadata = event.metadata as Record<string, unknown>;
  const headers: Record<string, string> = {
    [messageHeaders.eventType]: event.type,
    [messageHeaders.eventId]: event.id,
  };
  for (const [header, field] of [
    [messageHeaders.tenantId, 'tenantId'],
    [messageHeaders.correlationId, 'correlationId'],
    [messageHeaders.schemaVersion, 'schemaVersion'],
  ] as const) {
    if (metadata[field] !== undefined) headers[header] = String(metadata[field]);
  }
  const topic = topicFor(parseStreamName(event.stream).category);
  const check = typedEventMessageSchema.safeParse(value);
  const message = { key: messageKeyFor(event.stream), value: JSON.stringify(value), headers };
  if (check.success) return { topic, message, valid: true };
  const problem = check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return { topic, message, valid: false, problem };
}

/**
 * The relay: event store → Kafka. A catch-up subscription over the app's own categories publishes
 * each batch, grouped by topic, and the checkpoint advances only after the bus has acknowledged the
 * whole batch. A crash between publish and checkpoint publishes the batch again: consumers are
 * idempotent by event id. An event that fails its schema goes to the topic's DLQ rather than
 * blocking everything behind it.
 */
export function startRelay(options: RelayOptions): Subscription {
  const logger = options.logger ?? silentLogger;
  const topicFor = options.topicFor ?? topicForCategory;
  return options.store.subscribe({
    subscriptionId: options.subscriptionId,
    streamPrefixes: options.categories.map(categoryPrefix),
    maxBatchSize: options.maxBatchSize ?? 500,
    onError: (error) => logger.warn('relay batch failed; retrying', { error }),
    handle: async (events) => {
      const byTopic = new Map<string, OutgoingMessage[]>();
      const sendSpans = new Map<OutgoingMessage, Span>();
      for (const event of events) {
        const { topic, message, valid, problem } = toMessage(event, topicFor);
        const target = valid ? topic : dlqTopic(topic);
        if (!valid) {
          logger.error('event fails its schema; sent to the DLQ', { eventId: event.id, stream: event.stream, problem });
          message.headers = { ...message.headers, 'dlq-error-code': 'VALIDATION', 'dlq-error-message': problem ?? '' };
        }
        const appendedIn = traceRecordedIn(event.metadata);
        sendSpans.set(message, startSendSpan(message, { topic: target, system: options.bus.system, eventId: event.id, appendedIn }));
        const batch = byTopic.get(target);
        if (batch) batch.push(message);
        else byTopic.set(target, [message]);
      }
      // Topics in parallel, chunks of one topic in order: a key's events keep their order.
      await Promise.all(
        [...byTopic].map(async ([topic, messages]) => {
          const chunks = chunkBySize(messages).map((chunk) => ({ chunk, spans: chunk.map((message) => sendSpans.get(message)!) }));
          for (const [index, { chunk, spans }] of chunks.entries()) {
            try {
              await endSendSpansWith(spans, options.bus.publish(topic, chunk));
            } catch (error) {
              endUnsentSpans(chunks.slice(index + 1).flatMap((later) => later.spans), error);
              throw error;
            }
          }
        }),
      );
    },
  });
}
