import { isAppError } from '@srw/errors';
import { dlqTopic } from '@srw/contracts';
import { backoffDelay } from '@srw/http-kit';
import { dlqHeaders, type BusMessage, type ConsumeOptions, type OutgoingMessage } from './bus.port';
import { countDeadLetter } from './consumer-metrics';

const maxBackoffMs = 5_000;

/** Our errors say whether a retry can help; anything else is assumed transient and retried. */
const worthRetrying = (error: unknown) => !isAppError(error) || error.retryable;

export function deadLetterOf(message: BusMessage, error: unknown, attempts: number): OutgoingMessage {
  const code = isAppError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN';
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [dlqHeaders.errorCode]: code,
      [dlqHeaders.errorMessage]: (error instanceof Error ? error.message : String(error)).slice(0, 2_000),
      [dlqHeaders.attempts]: String(attempts),
      [dlqHeaders.originalTopic]: message.topic,
      [dlqHeaders.originalPartition]: String(message.partition),
      [dlqHeaders.originalOffset]: message.offset,
      [dlqHeaders.failedAt]: new Date().toISOString(),
    },
  };
}

/**
 * Runs the handler with bounded retries; after the last failure the message is published to the
 * DLQ. Resolves when the message is done either way, so the caller may commit its offset.
 * `shouldGoOn` lets a stopping consumer give up between attempts (the offset is then not committed);
 * `whileWaiting` runs between attempts (Kafka: a heartbeat, so long retries keep the membership).
 */
export async function deliverWithRetries(
  message: BusMessage,
  options: ConsumeOptions,
  publishDeadLetter: (topic: string, message: OutgoingMessage) => Promise<void>,
  shouldGoOn: () => boolean = () => true,
  whileWaiting: () => Promise<void> = async () => undefined,
): Promise<'handled' | 'dead-lettered' | 'abandoned'> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseBackoff = options.retryBackoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.handle(message);
      return 'handled';
    } catch (error) {
      if (attempt >= maxAttempts || !worthRetrying(error)) {
        await publishDeadLetter(dlqTopic(message.topic), deadLetterOf(message, error, attempt));
        countDeadLetter(options.groupId, message.topic);
        options.onDeadLetter?.(message, error);
        return 'dead-lettered';
      }
      const delay = backoffDelay(attempt - 1, { baseDelayMs: baseBackoff, maxDelayMs: maxBackoffMs });
      await new Promise((r) => setTimeout(r, delay));
      await whileWaiting();
      if (!shouldGoOn()) return 'abandoned';
    }
  }
}

export interface InOrderDelivery {
  /** Asked before each batch and message: false stops (what is left stays uncommitted). */
  mayStart(): boolean;
  /** Asked between retries of one message (see `deliverWithRetries`). */
  shouldGoOn(): boolean;
  whileWaiting?(): Promise<void>;
  /** The message is done (handled or dead-lettered), and every one before it: its offset may be committed. */
  done(message: BusMessage): Promise<void> | void;
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Delivers messages of one partition in order: in chunks through `handleBatch` when the consumer has
 * one, and one by one with retries when it has none or a chunk's call threw. Both adapters run this.
 */
export async function deliverInOrder(
  messages: readonly BusMessage[],
  options: ConsumeOptions,
  publishDeadLetter: (topic: string, message: OutgoingMessage) => Promise<void>,
  delivery: InOrderDelivery,
): Promise<void> {
  const { handleBatch } = options;
  for (const chunk of chunksOf(messages, handleBatch ? Math.max(1, options.maxBatchSize ?? 500) : messages.length || 1)) {
    if (!delivery.mayStart()) return;
    if (handleBatch) {
      const handled = await handleBatch(chunk).then(
        () => true,
        // The messages one by one below say which failed, and retry or dead-letter that one alone.
        () => false,
      );
      if (handled) {
        await delivery.done(chunk.at(-1)!);
        continue;
      }
    }
    for (const message of chunk) {
      if (!delivery.mayStart()) return;
      const outcome = await deliverWithRetries(message, options, publishDeadLetter, () => delivery.shouldGoOn(), delivery.whileWaiting);
      if (outcome === 'abandoned') return;
      await delivery.done(message);
    }
  }
}
