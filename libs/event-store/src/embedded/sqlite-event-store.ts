import { EventEmitter, once } from 'node:events';
import { ConcurrencyError, ConflictError } from '@srw/errors';
import { openSqlite, pingSqlite, writeTransaction, type DatabaseSync, type Durability, type StatementSync } from '@srw/sqlite';
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
import { checkExpectedRevision, serialiseEvents, type SerialisedEvent } from '../serialise-events';
import { startPollingSubscription, SubscriptionRegistry, type ScanResult } from '../subscription-loop';

/** position, id, stream, revision, type, data (JSON), metadata (JSON), recorded_at (ms). */
type EventRow = [number, string, string, number, string, string, string, number];

/** Rows come back as arrays, not objects: reads are bound by building and parsing rows. */
const eventColumns = 'position, id, stream, revision, type, data, metadata, recorded_at';

const schema = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL,
    stream      TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    subscription_id TEXT PRIMARY KEY,
    position        INTEGER NOT NULL
  );
`;

function toRecorded([position, id, stream, revision, type, data, metadata, recordedAt]: EventRow): RecordedEvent {
  return {
    id,
    stream,
    revision,
    position,
    type,
    data: JSON.parse(data),
    metadata: JSON.parse(metadata) as Record<string, unknown>,
    recordedAt: new Date(recordedAt),
  };
}

function selectRows(statement: StatementSync): StatementSync {
  statement.setReturnArrays(true);
  return statement;
}

function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'number' ? String(expected) : expected;
}

/** `prefix*` for GLOB, with GLOB's own metacharacters escaped. */
/** How far back an append with `any` looks for the events it may repeat. */
const repeatWindow = 1_000;

const globPrefix = (prefix: string) => prefix.replace(/[*?[]/g, (c) => `[${c}]`) + '*';

export interface SqliteEventStoreOptions {
  /** The SQLite file; default `:memory:`. */
  path?: string;
  /** How often subscriptions look for appends made by other instances or processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** Default `process`; `power-loss` fsyncs every commit. */
  durability?: Durability;
}

/**
 * The embedded event store: one SQLite file (or `:memory:`), the same semantics as EventStoreDB.
 * Several instances (and processes) may share a file: writes serialize on SQLite's write lock, and
 * subscriptions poll for appends made elsewhere.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: DatabaseSync;
  private readonly appended = new EventEmitter();
  private readonly statements: {
    lastRevision: StatementSync;
    lastPosition: StatementSync;
    revisionOfIdInTail: StatementSync;
    range: StatementSync;
    insert: StatementSync;
    loadCheckpoint: StatementSync;
    storeCheckpoint: StatementSync;
  };
  readonly checkpoints: CheckpointStore;
  private readonly subscriptions = new SubscriptionRegistry();

  private readonly pollIntervalMs: number;

  static async open(options: SqliteEventStoreOptions = {}): Promise<SqliteEventStore> {
    return new SqliteEventStore(options);
  }

  private constructor({ path = ':memory:', pollIntervalMs = 250, durability = 'process' }: SqliteEventStoreOptions) {
    this.pollIntervalMs = pollIntervalMs;
    this.db = openSqlite(path, durability);
    this.db.exec(schema);
    this.appended.setMaxListeners(0);
    this.statements = {
      lastRevision: this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?'),
      lastPosition: this.db.prepare('SELECT MAX(position) AS last FROM events'),
      revisionOfIdInTail: this.db.prepare('SELECT revision FROM events WHERE stream = ? AND revision > ? AND id = ?'),
      range: this.db.prepare('SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      loadCheckpoint: this.db.prepare('SELECT position FROM checkpoints WHERE subscription_id = ?'),
      storeCheckpoint: this.db.prepare(
        'INSERT INTO checkpoints (subscription_id, position) VALUES (?, ?) ON CONFLICT (subscription_id) DO UPDATE SET position = excluded.position',
      ),
    };
    const { loadCheckpoint, storeCheckpoint } = this.statements;
    this.checkpoints = {
      load: async (id) => (loadCheckpoint.get(id) as { position: number } | undefined)?.position,
      store: async (id, position) => void storeCheckpoint.run(id, position),
    };
  }

  async append(stream: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = checkExpectedRevision(stream, options.expectedRevision ?? 'any');
    const serialised = serialiseEvents(stream, events);
    const result = writeTransaction(this.db, () => this.appendInTransaction(stream, serialised, expected));
    this.appended.emit('append');
    return result;
  }

  private appendInTransaction(stream: string, events: readonly SerialisedEvent[], expected: ExpectedRevision): AppendResult {
    const current = (this.statements.lastRevision.get(stream) as { revision: number | null }).revision ?? -1;
    const repeat = events.length > 0 && current >= 0 ? this.findRepeat(stream, events, expected, current) : undefined;
    if (repeat) return repeat;

    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      expected === current;
    if (!holds) throw new ConcurrencyError(stream, describeExpected(expected), current === -1 ? 'no stream' : String(current));
    if (events.length === 0) return { nextRevision: current, position: -1 };

    const recordedAt = Date.now();
    let position = -1;
    events.forEach((event, index) => {
      try {
        const inserted = this.statements.insert.run(
          event.id,
          stream,
          current + 1 + index,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
        );
        position = Number(inserted.lastInsertRowid);
      } catch (error) {
        if (String(error).includes('UNIQUE constraint failed')) {
          throw new ConflictError(`stream ${stream} changed during the append`, { cause: error });
        }
        throw error;
      }
    });
    return { nextRevision: current + events.length, position };
  }

  /**
   * Whether this append repeats one already stored: its ids are the stream's events right after the
   * expected revision (or, for `any`/`stream_exists`, somewhere in the stream's recent tail, as
   * EventStoreDB's own best-effort check does). A repeat is a no-op; ids that only partly match are
   * a conflict. Ids are not indexed across the store: a global unique index on random UUIDs made
   * every append several times slower, and a stream-scoped check is all idempotency needs.
   */
  private findRepeat(stream: string, events: readonly Pick<EventToAppend, 'id'>[], expected: ExpectedRevision, current: number): AppendResult | undefined {
    let start: number | undefined;
    if (typeof expected === 'number') start = expected + 1;
    else if (expected === 'no_stream') start = 0;
    else {
      const found = this.statements.revisionOfIdInTail.get(stream, current - repeatWindow, events[0]!.id) as { revision: number } | undefined;
      start = found?.revision;
    }
    if (start === undefined || start > current) return undefined;
    const stored = this.statements.range.all(stream, start, events.length) as unknown as { id: string; revision: number; position: number }[];
    if (stored[0]?.id !== events[0]!.id) return undefined;
    const same = stored.length === events.length && stored.every((row, i) => row.id === events[i]!.id);
    if (!same) throw new ConcurrencyError(stream, 'a repeat of an earlier append', 'different events under the same ids');
    const last = stored[stored.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const rows = this.streamStatement(backwards).all(stream, from, options.maxCount ?? -1) as unknown as EventRow[];
    return rows.map(toRecorded);
  }

  private readonly streamStatements = new Map<boolean, StatementSync>();

  /** Prepared once per direction: a sync reads every job's tail before appending, and compiling the query each time cost more than running it. */
  private streamStatement(backwards: boolean): StatementSync {
    let statement = this.streamStatements.get(backwards);
    if (!statement) {
      statement = selectRows(
        this.db.prepare(
          `SELECT ${eventColumns} FROM events WHERE stream = ? AND revision ${backwards ? '<=' : '>='} ? ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
        ),
      );
      this.streamStatements.set(backwards, statement);
    }
    return statement;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.scanAfter(options.after, options.streamPrefixes ?? [], options.maxCount ?? -1)).events;
  }

  private readonly prefixStatements = new Map<number, StatementSync>();

  private async scanAfter(after: number | undefined, prefixes: readonly string[], maxCount: number): Promise<ScanResult> {
    // Read before the scan: writes serialize, so every event up to here is visible to the scan.
    const end = (this.statements.lastPosition.get() as { last: number | null }).last ?? 0;
    let statement = this.prefixStatements.get(prefixes.length);
    if (!statement) {
      // Unary + keeps SQLite from range-scanning the stream index and sorting every match per page.
      const filter = prefixes.length === 0 ? '' : `AND (${prefixes.map(() => '+stream GLOB ?').join(' OR ')})`;
      statement = selectRows(this.db.prepare(`SELECT ${eventColumns} FROM events WHERE position > ? ${filter} ORDER BY position LIMIT ?`));
      this.prefixStatements.set(prefixes.length, statement);
    }
    const rows = statement.all(after ?? 0, ...prefixes.map(globPrefix), maxCount) as unknown as EventRow[];
    const events = rows.map(toRecorded);
    const full = maxCount >= 0 && events.length >= maxCount;
    const lastMatch = events[events.length - 1]?.position ?? 0;
    const scannedTo = full ? lastMatch : Math.max(end, lastMatch, after ?? 0);
    // Checkpoints live in their own table: every event scanned is a user event.
    return { events, scannedTo, lastUserEventAt: scannedTo };
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = startPollingSubscription(
      {
        scanAfter: (after, prefixes, maxCount) => this.scanAfter(after, prefixes, maxCount),
        waitForAppend: async (timeoutMs, signal) => {
          const timeout = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
          const appended = await once(this.appended, 'append', { signal: timeout }).then(
            () => true,
            () => false,
          );
          // Appends run synchronously, often many in one chain of microtasks (a sync's page): scanning
          // on the next macrotask takes them as one batch instead of one scan, publish and checkpoint each.
          if (appended) await new Promise((resolve) => setImmediate(resolve));
        },
      },
      this.checkpoints,
      options,
      { pollIntervalMs: this.pollIntervalMs },
    );
    return this.subscriptions.track(subscription);
  }

  /** Reads are synchronous here: none is ever open between calls. */
  diagnostics(): EventStoreDiagnostics {
    return { openReads: 0, ...this.subscriptions.diagnostics() };
  }

  async ping(): Promise<void> {
    pingSqlite(this.db, 'embedded event store');
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    if (this.db.isOpen) this.db.close();
  }
}
