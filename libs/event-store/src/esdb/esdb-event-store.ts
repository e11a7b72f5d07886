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
  WrongExpectedVersionError,
  AccessDeniedError,
  StreamDeletedError,
  MaxAppendSizeExceededError,
  InvalidArgumentError,
  UnavailableError,
  DeadlineExceededError,
  TimeoutError,
  NotLeaderError,
  CancelledError,
  isCommandError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { AppError, ConcurrencyError, ConflictError, ForbiddenError, TransientError, UpstreamError, ValidationError } from '@srw/errors';
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { newEventId } from '../event-id';
import { startPollingSubscription, SubscriptionRegistry, type ScanResult } from '../subscription-loop';

type JsonMetadata = Record<string, unknown>;

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

/** ESDB `$all` positions are {commit, prepare}; for committed events the two are equal. */
const toPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: Number(event.position?.commit ?? resolved.commitPosition ?? -1),
    type: event.type,
    data: event.data,
    metadata: (event.metadata ?? {}) as JsonMetadata,
    recordedAt: event.created,
  };
}

/** System streams (`$…`) and our checkpoint streams never reach callers of `readAll`. */
const isUserStream = (stream: string) => !stream.startsWith('$') && !stream.startsWith(checkpointCategory);
const checkpointCategory = 'subscriptionCheckpoint-';
const readAllPageSize = 1000;

/** Our errors from the client's: only what a retry can fix is retryable. */
function translate(error: unknown, stream: string): never {
  if (error instanceof AppError) throw error;
  const message = `EventStoreDB failed on ${stream}: ${(error as Error).message}`;
  if (error instanceof WrongExpectedVersionError) {
    const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion.toString() : String(error.actualVersion);
    throw new ConcurrencyError(stream, String(error.expectedVersion), actual, { cause: error });
  }
  if (error instanceof AccessDeniedError) throw new ForbiddenError(message, { cause: error });
  if (error instanceof StreamDeletedError) throw new ConflictError(message, { cause: error });
  if (error instanceof MaxAppendSizeExceededError || error instanceof InvalidArgumentError) {
    throw new ValidationError(`append to ${stream}`, [{ path: '', message: (error as Error).message }], { cause: error });
  }
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError ||
    !isCommandError(error as Error)
  ) {
    throw new TransientError(message, { cause: error });
  }
  throw new UpstreamError(message, 500, undefined, { cause: error, retryable: false });
}

/**
 * The EventStoreDB adapter (also speaks to KurrentDB). Connection string: `esdb://host:2113?tls=false`.
 *
 * Subscriptions read `$all` in batches after the checkpoint (the same loop as the embedded store),
 * so a slow handler never holds a gRPC stream open and a batch is checkpointed as one unit.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  readonly checkpoints: CheckpointStore;
  private readonly subscriptions = new SubscriptionRegistry();
  private closed = false;

  constructor(connectionString: string, private readonly pollIntervalMs = 250) {
    this.client = EventStoreDBClient.connectionString`${connectionString}`;
    this.checkpoints = {
      load: async (id) => {
        const [last] = await this.readStream(checkpointCategory + id, { direction: 'backwards', maxCount: 1 });
        return last ? (last.data as { position: number }).position : undefined;
      },
      store: async (id, position) => {
        const stream = checkpointCategory + id;
        try {
          const result = await this.client.appendToStream(stream, jsonEvent({ id: newEventId(), type: 'CheckpointStored', data: { position } }));
          // Only the newest checkpoint matters: from the first one on, let the server scavenge the rest.
          if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(stream, { maxCount: 10 });
        } catch (error) {
          translate(error, stream);
        }
      },
    };
  }

  async append(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as never, metadata: e.metadata as never })),
        { expectedRevision: toExpected(options.expectedRevision ?? 'any') },
      );
      // With `throwOnAppendFailure=false` in the connection string a conflict comes back as a result.
      if (!result.success) throw new ConcurrencyError(stream, String(options.expectedRevision ?? 'any'), String(result.nextExpectedRevision));
      return { nextRevision: Number(result.nextExpectedRevision), position: Number(result.position?.commit ?? -1) };
    } catch (error) {
      translate(error, stream);
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
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      translate(error, stream);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.scanAfter(options.after, options.streamPrefixes ?? [], options.maxCount ?? Number.MAX_SAFE_INTEGER)).events;
  }

  /**
   * Pages through `$all` after a position and filters here: 6.2.1's readAll has no server-side
   * stream filter (and filtered subscriptions do not say when they are caught up on older servers).
   * Reports how far it read, so a sparse subscription does not page through the same tail again.
   */
  private async scanAfter(after: number | undefined, prefixes: readonly string[], maxCount: number): Promise<ScanResult> {
    const matches = (stream: string) => isUserStream(stream) && (prefixes.length === 0 || prefixes.some((p) => stream.startsWith(p)));
    const events: RecordedEvent[] = [];
    let scannedTo = after;
    try {
      for (;;) {
        let seen = 0;
        const page = this.client.readAll({
          fromPosition: scannedTo === undefined ? START : toPosition(scannedTo),
          maxCount: readAllPageSize,
        });
        for await (const resolved of page) {
          const position = Number(resolved.event?.position.commit ?? resolved.commitPosition ?? -1);
          seen++;
          if (scannedTo !== undefined && position <= scannedTo) continue;
          scannedTo = position;
          const event = toRecorded(resolved);
          if (!event || !matches(event.stream)) continue;
          events.push(event);
          if (events.length >= maxCount) return { events, scannedTo };
        }
        if (seen < readAllPageSize) return { events, scannedTo };
      }
    } catch (error) {
      translate(error, '$all');
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = startPollingSubscription(
      {
        scanAfter: (after, prefixes, maxCount) => this.scanAfter(after, prefixes, maxCount),
        waitForAppend: (timeoutMs, signal) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          }),
      },
      this.checkpoints,
      options,
      this.pollIntervalMs,
    );
    return this.subscriptions.track(subscription);
  }

  /** Reads the newest event of `$all` (at most one), read to its end so that no gRPC call stays open. */
  async ping(): Promise<void> {
    if (this.closed) throw new TransientError('EventStoreDB event store is closed');
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void resolved;
    } catch (error) {
      translate(error, '$all (ping)');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }
}
