import { EventEmitter } from 'node:events';
import { dlqTopic } from '@srw/contracts';
import { backoffDelay } from '@srw/http-kit';
import { openSqlite, pingSqlite, writeTransaction, type DatabaseSync, type Durability, type StatementSync } from '@srw/sqlite';
import type { Bus, BusMessage, ConsumeOptions, Consumer, OutgoingMessage, TopicSpec } from '../bus.port';
import { deliverInOrder } from '../delivery';
import { recordConsumerLag } from '../consumer-metrics';
import { GroupCoordinator, type GroupMember, type TopicPartition } from './group-coordinator';
import { partitionFor } from './partitioner';

/** The in-process notice of a publish to `topic` (prefixed: a topic named `error` would make the emitter throw). */
const publishedEvent = (topic: string) => `published:${topic}`;

interface MessageRow {
  offset: number;
  key: string;
  value: string;
  headers: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS topics (
    topic      TEXT PRIMARY KEY,
    partitions INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS messages (
    topic      TEXT NOT NULL,
    partition  INTEGER NOT NULL,
    offset     INTEGER NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    headers    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (topic, partition, offset)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS group_offsets (
    group_id  TEXT NOT NULL,
    topic     TEXT NOT NULL,
    partition INTEGER NOT NULL,
    next      INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
`;

export interface SqliteBusOptions {
  /** The SQLite file; default `:memory:`. */
  path?: string;
  /** Partitions of a topic created on first publish. Default 3. */
  defaultPartitions?: number;
  /** Messages read per partition per turn. Default 100. */
  batchSize?: number;
  pollIntervalMs?: number;
  /** Default `process`; `power-loss` fsyncs every publish and commit. */
  durability?: Durability;
}

/**
 * The embedded bus: topics, partitions, offsets and group offsets in one SQLite file, so messages and
 * progress survive a restart. Groups are coordinated within this process (the embedded mode runs
 * every app in one process); a consumer in another process sharing the file works as long as it is
 * the only member of its group.
 */
export class SqliteBus implements Bus {
  readonly system = 'embedded';
  private readonly db: DatabaseSync;
  private readonly published = new EventEmitter();
  private readonly groups = new Map<string, GroupCoordinator>();
  private readonly consumers = new Set<Consumer>();
  private readonly partitionsCache = new Map<string, number>();
  private readonly statements: Record<'topic' | 'createTopic' | 'lastOffset' | 'insert' | 'read' | 'committed' | 'commit', StatementSync>;

  static async open(options: SqliteBusOptions = {}): Promise<SqliteBus> {
    return new SqliteBus(options);
  }

  private constructor(private readonly options: SqliteBusOptions) {
    this.db = openSqlite(options.path ?? ':memory:', options.durability);
    this.db.exec(schema);
    this.published.setMaxListeners(0);
    this.statements = {
      topic: this.db.prepare('SELECT partitions FROM topics WHERE topic = ?'),
      createTopic: this.db.prepare('INSERT INTO topics (topic, partitions) VALUES (?, ?) ON CONFLICT (topic) DO NOTHING'),
      lastOffset: this.db.prepare('SELECT MAX(offset) AS last FROM messages WHERE topic = ? AND partition = ?'),
      insert: this.db.prepare(
        'INSERT INTO messages (topic, partition, offset, key, value, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      read: this.db.prepare(
        'SELECT offset, key, value, headers FROM messages WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?',
      ),
      committed: this.db.prepare('SELECT next FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?'),
      commit: this.db.prepare(
        'INSERT INTO group_offsets (group_id, topic, partition, next) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, topic, partition) DO UPDATE SET next = MAX(next, excluded.next)',
      ),
    };
  }

  private partitionsOf(topic: string): number {
    const cached = this.partitionsCache.get(topic);
    if (cached !== undefined) return cached;
    this.statements.createTopic.run(topic, this.options.defaultPartitions ?? 3);
    const partitions = (this.statements.topic.get(topic) as { partitions: number }).partitions;
    this.partitionsCache.set(topic, partitions);
    return partitions;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      for (const topic of [spec.topic, dlqTopic(spec.topic)]) this.statements.createTopic.run(topic, spec.partitions);
    }
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const partitions = this.partitionsOf(topic);
    const createdAt = new Date().toISOString();
    writeTransaction(this.db, () => {
      const next = new Map<number, number>();
      for (const message of messages) {
        const partition = partitionFor(message.key, partitions);
        const offset =
          next.get(partition) ??
          ((this.statements.lastOffset.get(topic, partition) as { last: number | null }).last ?? -1) + 1;
        this.statements.insert.run(topic, partition, offset, message.key, message.value, JSON.stringify(message.headers ?? {}), createdAt);
        next.set(partition, offset + 1);
      }
    });
    // Per topic: a consumer of other topics has nothing new to read (sr-poller's own consumer was
    // woken by every batch its relay published, and read all its partitions each time).
    this.published.emit(publishedEvent(topic));
  }

  private groupFor(groupId: string): GroupCoordinator {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new GroupCoordinator((topic) => this.partitionsOf(topic));
      this.groups.set(groupId, group);
    }
    return group;
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const group = this.groupFor(options.groupId);
    const batchSize = this.options.batchSize ?? 100;
    const pollIntervalMs = this.options.pollIntervalMs ?? 100;
    let running = true;
    let inHand: Promise<unknown> = Promise.resolve();
    const wake = new AbortController();
    const member: GroupMember = { topics: options.topics, assignment: [], idle: () => inHand.then(() => undefined, () => undefined) };
    const publishDeadLetter = (topic: string, message: OutgoingMessage) => this.publish(topic, [message]);

    const readBatch = ({ topic, partition }: TopicPartition): BusMessage[] => {
      const committed = (this.statements.committed.get(options.groupId, topic, partition) as { next: number } | undefined)?.next ?? 0;
      const rows = this.statements.read.all(topic, partition, committed, batchSize) as unknown as MessageRow[];
      const last = (this.statements.lastOffset.get(topic, partition) as { last: number | null }).last ?? -1;
      recordConsumerLag(options.groupId, topic, partition, last + 1 - committed);
      return rows.map((row) => ({
        topic,
        partition,
        offset: String(row.offset),
        key: row.key,
        value: row.value,
        headers: JSON.parse(row.headers) as Record<string, string>,
      }));
    };

    /** One pass over the member's partitions; false when it handled nothing. */
    const turn = async (): Promise<boolean> => {
      // Wait out a pending rebalance before reading: the assignment changes at its end, and a batch
      // read before that could belong to a partition that is about to move to another member.
      while (group.barrier) await group.barrier;
      const generation = group.generation;
      let handledAny = false;
      for (const assigned of member.assignment) {
        const messages = readBatch(assigned);
        const owned = () => !group.barrier && running && generation === group.generation;
        let stopped = false;
        const delivery = deliverInOrder(messages, options, publishDeadLetter, {
          mayStart: () => {
            stopped = !owned();
            return !stopped;
          },
          shouldGoOn: () => running,
          done: (message) => {
            this.statements.commit.run(options.groupId, message.topic, message.partition, Number(message.offset) + 1);
            handledAny = true;
          },
        });
        inHand = delivery;
        await delivery;
        if (stopped) return true;
      }
      return handledAny;
    };

    const loop = async () => {
      let failures = 0;
      while (running) {
        try {
          const busy = await turn();
          failures = 0;
          if (!busy && running) {
            await this.publishedTo(options.topics, AbortSignal.any([wake.signal, AbortSignal.timeout(pollIntervalMs)]));
          }
        } catch (error) {
          // A locked database, a failing dead-letter publish: the consumer must survive and retry.
          options.onError?.(error);
          const delay = backoffDelay(failures++, { baseDelayMs: 100, maxDelayMs: 5_000 });
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    };

    await group.join(member);
    const looping = loop();
    const consumer: Consumer = {
      stop: async () => {
        if (!running) return;
        running = false;
        wake.abort();
        this.consumers.delete(consumer);
        await looping;
        await group.leave(member);
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  /** Resolves when a message is published to one of `topics` in this process, or when `signal` aborts. */
  private publishedTo(topics: readonly string[], signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        for (const topic of topics) this.published.off(publishedEvent(topic), done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      if (signal.aborted) return resolve();
      for (const topic of topics) this.published.on(publishedEvent(topic), done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async ping(): Promise<void> {
    pingSqlite(this.db, 'embedded bus');
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    if (this.db.isOpen) this.db.close();
  }
}
