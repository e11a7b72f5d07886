/**
 * The event store port: the source of truth. Two adapters implement it with the same semantics,
 * proven by one contract suite (`testing/event-store.contract.ts`): EventStoreDB and embedded SQLite.
 *
 * Revisions count events within a stream from 0. Positions order every event in the store (`$all`);
 * they only grow, but are not dense. Both are plain numbers: 2^53 is far beyond any store we run.
 */

/**
 * `any`: no check; `no_stream`: the stream must not exist; `stream_exists`; or the exact last revision.
 *
 * Only `no_stream` and an exact revision make a repeated append durably idempotent: the store
 * compares the ids with the events stored right after that revision, forever. With `any` or
 * `stream_exists` a repeat is recognised only on a best-effort basis (EventStoreDB keeps recent
 * event ids in a cache that a restart or a busy server loses; the embedded store looks at the
 * stream's last 1,000 events), so a retry that must not duplicate uses one of the first two.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventToAppend {
  /** A UUID. Deterministic where a retry could repeat the append (see `eventIdFor`). */
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  revision: number;
  position: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: the expected revision of the next append. */
  nextRevision: number;
  /** Position of the last appended event. */
  position: number;
}

export interface AppendOptions {
  /** Defaults to `any`, which is not durably idempotent (see `ExpectedRevision`). */
  expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to read from the beginning. */
  after?: number;
  maxCount?: number;
  /** Only streams whose name starts with one of these. Omit for every stream. */
  streamPrefixes?: readonly string[];
}

export interface SubscribeOptions {
  /** Names the stored checkpoint: a subscription with the same id resumes where the last one stopped. */
  subscriptionId: string;
  streamPrefixes: readonly string[];
  /**
   * Called with events in position order. The checkpoint advances past a batch only after this
   * resolves; if it throws, the same batch is offered again after a backoff (at-least-once).
   */
  handle(events: RecordedEvent[]): Promise<void>;
  maxBatchSize?: number;
  /** Told of each failed attempt (the subscription keeps retrying). */
  onError?(error: unknown): void;
}

export interface Subscription {
  /**
   * Stops delivering. A batch being handled when `stop` is called is not checkpointed, as if the
   * process had died there: it is delivered again to the next subscription with the same id.
   */
  stop(): Promise<void>;
  /** Position of the last checkpointed event, if any. */
  readonly checkpoint: number | undefined;
}

/** Durable positions of subscriptions, stored beside the events. */
export interface CheckpointStore {
  load(subscriptionId: string): Promise<number | undefined>;
  store(subscriptionId: string, position: number): Promise<void>;
}

/**
 * What a store reports about its own resources, for the contract suite's leak checks: each count
 * must stay flat while a subscription idles.
 */
export interface EventStoreDiagnostics {
  /** Reads started and neither finished nor cancelled (gRPC calls on EventStoreDB; 0 where reads are synchronous). */
  openReads: number;
  /** Listeners on the live subscriptions' stop signals. */
  abortListeners: number;
  /** Scans of `$all` done by the live subscriptions so far (a test waits for a number of polls with it). */
  polls: number;
}

export interface EventStore {
  /**
   * Appends atomically. Throws `ConcurrencyError` when the expected revision does not hold, and
   * `ValidationError` (appending nothing) when data or metadata cannot be stored as JSON (a BigInt,
   * a cycle, `undefined` data, metadata that is not an object).
   * Repeating an append whose event ids are already the stream's events at that point is a no-op:
   * durably with `no_stream` or an exact revision, best-effort otherwise (see `ExpectedRevision`).
   */
  append(stream: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events across all streams in position order; system and checkpoint streams are left out. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up subscription to `$all`, filtered by stream prefix, resuming from its stored checkpoint. */
  subscribe(options: SubscribeOptions): Subscription;
  readonly checkpoints: CheckpointStore;
  /** Resource counts for leak checks; every adapter here implements it. */
  diagnostics?(): EventStoreDiagnostics;
  /**
   * A cheap round trip proving the store answers now, for readiness probes. Resolves when it does;
   * rejects naming the cause (a `TransientError` where a retry may help) when the server is
   * unreachable or the store is closed. It writes nothing.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
