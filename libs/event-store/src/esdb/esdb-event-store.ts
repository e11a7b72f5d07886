import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  jsonEvent,
  type AppendExpectedRevision,
  type Position,
} from '@eventstore/db-client';
import { ConcurrencyError, TransientError } from '@srw/errors';
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  EventStoreDiagnostics,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { checkExpectedRevision, serialiseEvents } from '../serialise-events';
import { delay, startPollingSubscription, SubscriptionRegistry, type ScanResult } from '../subscription-loop';
import { esdbCheckpointStore } from './esdb-checkpoints';
import { translateEsdbError } from './esdb-errors';
import { consumeRead, OpenReads } from './esdb-reads';
import { scanAll, toRecorded } from './esdb-scan';

function toExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/**
 * ESDB `$all` positions are {commit, prepare}; for committed events the two are equal, also for
 * each event of a multi-event append since kurrent-io/KurrentDB#2522.
 */
const toPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (a `kurrentdb://` scheme is accepted too). */
  connectionString: string;
  /** How often subscriptions poll `$all` for new events. Default 250 ms. */
  pollIntervalMs?: number;
}

/**
 * The EventStoreDB adapter (also speaks to KurrentDB). Connection string: `esdb://host:2113?tls=false`.
 *
 * Subscriptions read `$all` in batches after an in-memory cursor (the same loop as the embedded
 * store), so a slow handler never holds a gRPC stream open and a batch is checkpointed as one
 * unit. Every read is consumed to its end or cancelled (`consumeRead`).
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  readonly checkpoints: CheckpointStore;
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly reads = new OpenReads();
  private closed = false;

  private readonly pollIntervalMs: number;

  static async open(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    return new EsdbEventStore(options);
  }

  private constructor({ connectionString, pollIntervalMs = 250 }: EsdbEventStoreOptions) {
    this.pollIntervalMs = pollIntervalMs;
    this.client = EventStoreDBClient.connectionString`${connectionString.replace(/^kurrentdb/, 'esdb')}`;
    this.checkpoints = esdbCheckpointStore(this.client, async (stream) => {
      const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return last;
    });
  }

  async append(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    // Parsed back from our own JSON: the client serialises again where a throw would escape (see serialiseEvents).
    const proposed = serialiseEvents(stream, events).map((e) =>
      jsonEvent({ id: e.id, type: e.type, data: JSON.parse(e.data) as never, metadata: JSON.parse(e.metadata) as never }),
    );
    const expected = checkExpectedRevision(stream, options.expectedRevision ?? 'any');
    try {
      const result = await this.client.appendToStream(stream, proposed, { expectedRevision: toExpected(expected) });
      // With `throwOnAppendFailure=false` in the connection string a conflict comes back as a result,
      // whose revision batchAppend.js:29 gets wrong (BigInt of a boolean): not worth reporting.
      if (!result.success) throw new ConcurrencyError(stream, String(expected), 'unknown');
      return { nextRevision: Number(result.nextExpectedRevision), position: Number(result.position?.commit ?? -1) };
    } catch (error) {
      throw translateEsdbError(error, stream);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      await consumeRead(
        read,
        (resolved) => {
          const event = toRecorded(resolved);
          if (event) events.push(event);
        },
        this.reads,
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateEsdbError(error, stream);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.scanAfter(options.after, options.streamPrefixes ?? [], options.maxCount ?? Number.MAX_SAFE_INTEGER)).events;
  }

  private async scanAfter(after: number | undefined, prefixes: readonly string[], maxCount: number): Promise<ScanResult> {
    try {
      return await scanAll(
        (from, pageSize) => this.client.readAll({ fromPosition: from === undefined ? START : toPosition(from), maxCount: pageSize }),
        after,
        prefixes,
        maxCount,
        this.reads,
      );
    } catch (error) {
      throw translateEsdbError(error, '$all');
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = startPollingSubscription(
      {
        scanAfter: (after, prefixes, maxCount) => this.scanAfter(after, prefixes, maxCount),
        // Appends by other processes are invisible here: poll.
        waitForAppend: (timeoutMs, signal) => delay(timeoutMs, signal),
      },
      this.checkpoints,
      options,
      { pollIntervalMs: this.pollIntervalMs },
    );
    return this.subscriptions.track(subscription);
  }

  diagnostics(): EventStoreDiagnostics {
    return { openReads: this.reads.count, ...this.subscriptions.diagnostics() };
  }

  /** Reads the newest event of `$all` (at most one), consumed to its end like every read. */
  async ping(): Promise<void> {
    if (this.closed) throw new TransientError('EventStoreDB event store is closed');
    try {
      await consumeRead(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), () => undefined, this.reads);
    } catch (error) {
      throw translateEsdbError(error, '$all (ping)');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }
}
