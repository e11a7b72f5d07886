import { Kafka, Partitioners, logLevel, type Admin, type RetryOptions, type IHeaders, type KafkaMessage, type LogEntry, type Producer } from 'kafkajs';
import { silentLogger, type Logger } from '@srw/observability';
import { TransientError, UpstreamError } from '@srw/errors';
import { dlqTopic } from '@srw/contracts';
import { recordConsumerLag } from '../consumer-metrics';
import type { Bus, BusMessage, ConsumeOptions, Consumer, Headers, OutgoingMessage, TopicSpec } from '../bus.port';
import { deliverInOrder } from '../delivery';

export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** How long the group waits for a silent member before giving its partitions away. Default 10 s. */
  sessionTimeoutMs?: number;
  /** Partitions of one consumer handled at once; order holds within each. Default 4. */
  partitionsConsumedConcurrently?: number;
  logger?: Logger;
}

/**
 * kafkajs logs what it then retries (a coordinator moving, a rebalance) as errors; they become
 * warnings here, and what it gives up on surfaces as our own errors from the calls.
 */
function kafkajsLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const target = level <= logLevel.WARN ? logger.warn : logger.info;
      target(`kafkajs: ${message}`, fields);
    };
}

function headersOf(raw: IHeaders | undefined): Headers {
  const headers: Headers = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return headers;
}

const toBusMessage = (topic: string, partition: number, message: KafkaMessage): BusMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString() ?? '',
  value: message.value?.toString() ?? '',
  headers: headersOf(message.headers),
});

/** kafkajs says itself whether an error is worth retrying (e.g. not for a message that is too large). */
async function translate<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const retryable = (error as { retriable?: boolean }).retriable ?? true;
    const message = `Kafka ${what} failed: ${(error as Error).message}`;
    throw retryable ? new TransientError(message, { cause: error }) : new UpstreamError(message, 400, undefined, { cause: error, retryable: false });
  }
}

const joinTimeoutMs = 60_000;
const heartbeatIntervalMs = 1_000;
/** Messages handled one by one commit their offsets this often within a batch (and at its end). */
const commitEveryMs = 1_000;

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransientError(`Kafka: timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Memoises a connection, but not a failed one: the next call tries again. */
function connectOnce<T>(connect: () => Promise<T>): () => Promise<T> {
  let connection: Promise<T> | undefined;
  return () => {
    connection ??= connect().catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };
}

/** The Kafka adapter on kafkajs: Java-compatible partitioning (murmur2 of the key), acks from all replicas. */
export class KafkaBus implements Bus {
  readonly system = 'kafka';
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private healthAdmin: Admin | undefined;
  private closed = false;
  private readonly consumers = new Set<Consumer>();

  /** Connects lazily: the producer, admin and each consumer connect on first use. */
  static async open(options: KafkaBusOptions): Promise<KafkaBus> {
    return new KafkaBus(options);
  }

  private constructor(private readonly options: KafkaBusOptions) {
    this.kafka = this.client({ retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 });
  }

  private client(retry: RetryOptions): Kafka {
    return new Kafka({
      clientId: this.options.clientId,
      brokers: [...this.options.brokers],
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator((this.options.logger ?? silentLogger).child({ component: 'kafka' })),
      retry,
    });
  }

  private readonly getProducer = connectOnce(async () => {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    await producer.connect();
    this.producer = producer;
    return producer;
  });

  private readonly getAdmin = connectOnce(async () => {
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    return admin;
  });

  // A client of its own: the cluster connection retries by its client's policy, whatever the admin's.
  private readonly getHealthAdmin = connectOnce(async () => {
    const admin = this.client({ retries: 0 }).admin({ retry: { retries: 0 } });
    await admin.connect();
    this.healthAdmin = admin;
    return admin;
  });

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await translate('admin connect', () => this.getAdmin());
    const existing = new Set(await translate('listTopics', () => admin.listTopics()));
    const wanted = specs.flatMap((spec) => [spec, { topic: dlqTopic(spec.topic), partitions: spec.partitions }]);
    const missing = wanted.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await translate('createTopics', () =>
      admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: -1 })),
      }),
    );
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await translate('producer connect', () => this.getProducer());
    await translate(`publish to ${topic}`, () =>
      producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers ?? {} })),
      }),
    );
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: heartbeatIntervalMs,
      allowAutoTopicCreation: true,
    });
    let running = true;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    consumer.on(consumer.events.CRASH, (event) => options.onError?.(event.payload.error));
    const publishDeadLetter = (topic: string, message: OutgoingMessage) => this.publish(topic, [message]);
    try {
      await translate('consumer connect', () => consumer.connect());
      await translate('subscribe', () => consumer.subscribe({ topics: [...options.topics], fromBeginning: true }));
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
          // kafkajs heartbeats only when asked, and the group drops a member silent for the session
          // timeout: a handler slower than that (a slow store) would lose its partitions mid-batch and
          // see them again from the last commit, over and over. A heartbeat that fails means the group
          // is rebalancing or has dropped us: finish the message in hand and leave the rest.
          let membershipInDoubt = false;
          const keepAlive = setInterval(() => {
            heartbeat().catch(() => {
              membershipInDoubt = true;
            });
          }, heartbeatIntervalMs);
          // A rebalance took the partition away: leave the rest uncommitted for its new owner.
          const owned = () => running && !membershipInDoubt && isRunning() && !isStale();
          let lastCommit = Date.now();
          // Without an auto-commit interval or threshold, kafkajs's `commitOffsetsIfNecessary()` commits
          // nothing (it commits after the batch): the offsets go explicitly.
          const commit = (offset: string) =>
            commitOffsetsIfNecessary({
              topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(offset) + 1n).toString() }] }],
            });
          try {
            recordConsumerLag(options.groupId, batch.topic, batch.partition, Number(batch.offsetLagLow()) + 1);
            await deliverInOrder(
              batch.messages.map((raw) => toBusMessage(batch.topic, batch.partition, raw)),
              options,
              publishDeadLetter,
              {
                mayStart: owned,
                shouldGoOn: owned,
                // Retries can outlast the session timeout: keep the membership alive while waiting.
                whileWaiting: () => heartbeat(),
                done: async (message) => {
                  resolveOffset(message.offset);
                  // What a batch handler finished is committed before the next batch begins (the port's
                  // promise), so a crash or a rebalance costs one batch, not the whole fetch; messages
                  // handled one by one are committed at most every `commitEveryMs`.
                  if (options.handleBatch || Date.now() - lastCommit >= commitEveryMs) {
                    await commit(message.offset);
                    lastCommit = Date.now();
                  }
                },
              },
            );
            if (owned()) recordConsumerLag(options.groupId, batch.topic, batch.partition, Number(batch.offsetLag()));
          } finally {
            clearInterval(keepAlive);
          }
        },
      });
      await withTimeout(joined, joinTimeoutMs, `joining consumer group ${options.groupId}`);
    } catch (error) {
      // A consumer that never joined must not linger with open connections.
      running = false;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }

    const handle: Consumer = {
      stop: async () => {
        running = false;
        this.consumers.delete(handle);
        await consumer.disconnect();
      },
    };
    this.consumers.add(handle);
    return handle;
  }

  /**
   * Asks a broker for the cluster's metadata through a client of its own that does not retry:
   * a probe must say "down" now, not after the minute of retries the other clients allow.
   */
  async ping(): Promise<void> {
    if (this.closed) throw new TransientError('Kafka bus is closed');
    await translate('ping', async () => {
      const admin = await this.getHealthAdmin();
      await admin.describeCluster();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    await this.healthAdmin?.disconnect();
  }
}
