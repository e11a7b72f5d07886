/**
 * The message bus port: topics of keyed messages, consumed by groups. Two adapters pass one contract
 * suite (`testing/bus.contract.ts`): Kafka (kafkajs) and embedded (SQLite, durable across restarts,
 * one process).
 *
 * Guarantees: messages with the same key are handled in publish order; each message is handled by
 * one member of a group at a time; offsets are committed only after the handler returns, so a
 * consumer that dies mid-batch has its uncommitted messages delivered again (at-least-once: handlers
 * must be idempotent). A message whose handler keeps failing goes to `<topic>.dlq` with the error in
 * its headers, and consumption goes on.
 */

export type Headers = Record<string, string>;

export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Headers;
}

export interface BusMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  offset: string;
  key: string;
  value: string;
  headers: Headers;
}

export interface ConsumeOptions {
  groupId: string;
  topics: readonly string[];
  handle(message: BusMessage): Promise<void>;
  /**
   * Optional, for handlers that write faster in bulk: the messages of one partition delivered
   * together, in offset order, at most `maxBatchSize` at a time; their offsets are committed once it
   * resolves. When it throws, the same messages go one by one through `handle`, with its retries and
   * DLQ: a poison message costs its batch one failed attempt, never its neighbours a dead letter.
   * Idempotent as `handle` must be: after a crash the whole batch is delivered again.
   */
  handleBatch?(messages: readonly BusMessage[]): Promise<void>;
  /** Most messages in one `handleBatch` call. Default 500. */
  maxBatchSize?: number;
  /** Attempts per message before it goes to the DLQ. Default 5. Non-retryable errors go at once. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at 5 s. Default 100 ms. */
  retryBackoffMs?: number;
  /** Told of each message sent to the DLQ. */
  onDeadLetter?(message: BusMessage, error: unknown): void;
  /** Told of failures of the consumer itself (the bus keeps consuming and retries). */
  onError?(error: unknown): void;
}

export interface Consumer {
  /** Leaves the group after the message in hand; what was handled is committed. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface Bus {
  /** OpenTelemetry's `messaging.system.name` for this bus (`kafka`, `embedded`); tracing leaves it out when absent. */
  readonly system?: string;
  /** Creates topics that do not exist yet (and their `.dlq` twins). */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Resolves once the messages are durably stored (Kafka: acknowledged by all in-sync replicas). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Resolves once the consumer has joined its group and been given partitions. */
  consume(options: ConsumeOptions): Promise<Consumer>;
  /**
   * A cheap round trip proving the bus answers now, for readiness probes. Resolves when it does;
   * rejects naming the cause (a `TransientError` where a retry may help) when no broker answers or
   * the bus is closed. It neither retries nor publishes.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Headers put on a dead-lettered message, beside its own. */
export const dlqHeaders = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  attempts: 'dlq-attempts',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  failedAt: 'dlq-failed-at',
} as const;
