import { getEventListeners } from 'node:events';
import { backoffDelay } from '@srw/http-kit';
import type { CheckpointStore, EventStoreDiagnostics, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface ScanResult {
  /** Matching events, in position order. */
  events: RecordedEvent[];
  /**
   * Where the next scan starts: every event up to here either is in `events` or does not match.
   * Kept in memory only, so a poll never scans the same tail twice.
   */
  scannedTo: number | undefined;
  /**
   * The last event of a user stream the scan passed (not a system stream, not a checkpoint): the
   * furthest an idle subscription may store as its checkpoint. A store that keeps checkpoints as
   * events in its log (EventStoreDB) would otherwise see each checkpoint write as progress worth
   * a new checkpoint, and write one every few seconds forever.
   */
  lastUserEventAt: number | undefined;
}

export interface PollingSource {
  /** Events after `position` (exclusive) matching the prefixes, at most `maxCount`. */
  scanAfter(position: number | undefined, prefixes: readonly string[], maxCount: number): Promise<ScanResult>;
  /** Resolves when new events may exist, or after `timeoutMs`, or when `signal` aborts. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

export interface PollingOptions {
  pollIntervalMs?: number;
  /** The clock that spaces idle checkpoint writes (a test passes its own). */
  now?: () => number;
}

/** A subscription that also reports its own resource use (see `EventStoreDiagnostics`). */
export interface PollingSubscription extends Subscription {
  diagnostics(): Pick<EventStoreDiagnostics, 'polls' | 'abortListeners'>;
}

const retryDelayMs = (attempt: number) => backoffDelay(attempt, { baseDelayMs: 50, maxDelayMs: 5_000 });

/** While idle, a scan that passed other streams' events stores its position at most this often. */
const idleCheckpointIntervalMs = 5_000;

/**
 * Resolves after `ms`, or at once when `signal` aborts. The abort listener is removed when the
 * timer fires: one left behind per wait would pile up on a long-lived signal, one per poll.
 */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A catch-up subscription over a store that can be read from a position (both adapters use it).
 * Scans a batch after its in-memory cursor, hands it over, stores the checkpoint, repeats; when
 * caught up it waits for an append notification (or polls, for appends made by other processes).
 * Every failure, of the store or of the handler, is reported and retried with backoff: the loop
 * never dies and never skips.
 */
export function startPollingSubscription(
  source: PollingSource,
  checkpoints: CheckpointStore,
  options: SubscribeOptions,
  { pollIntervalMs = 250, now = Date.now }: PollingOptions = {},
): PollingSubscription {
  const abort = new AbortController();
  let checkpoint: number | undefined;
  let polls = 0;
  const maxBatchSize = options.maxBatchSize ?? 500;

  const storeCheckpoint = async (position: number) => {
    await checkpoints.store(options.subscriptionId, position);
    checkpoint = position;
  };
  const isPast = (position: number | undefined, mark: number | undefined) =>
    position !== undefined && (mark === undefined || position > mark);

  const run = async () => {
    let attempt = 0;
    const failed = async (error: unknown) => {
      options.onError?.(error);
      await delay(retryDelayMs(attempt++), abort.signal);
    };
    let loaded = false;
    while (!loaded && !abort.signal.aborted) {
      try {
        checkpoint = await checkpoints.load(options.subscriptionId);
        loaded = true;
      } catch (error) {
        await failed(error);
      }
    }
    let cursor = checkpoint;
    let lastIdleStore = -Infinity;
    while (!abort.signal.aborted) {
      let scan: ScanResult;
      try {
        scan = await source.scanAfter(cursor, options.streamPrefixes, maxBatchSize);
      } catch (error) {
        await failed(error);
        continue;
      } finally {
        polls++;
      }
      if (scan.events.length === 0) {
        if (isPast(scan.scannedTo, cursor)) cursor = scan.scannedTo;
        // Only other streams' events justify an idle write, so it stops once they stop.
        if (isPast(scan.lastUserEventAt, checkpoint) && now() - lastIdleStore >= idleCheckpointIntervalMs) {
          try {
            await storeCheckpoint(scan.lastUserEventAt!);
            lastIdleStore = now();
          } catch (error) {
            await failed(error);
            continue;
          }
        }
        await source.waitForAppend(pollIntervalMs, abort.signal);
        continue;
      }
      try {
        await options.handle(scan.events);
        // A stop during the handler is a simulated crash: the batch stays unacknowledged.
        if (abort.signal.aborted) return;
        const through = Math.max(scan.scannedTo ?? 0, scan.events[scan.events.length - 1]!.position);
        await storeCheckpoint(through);
        cursor = through;
        attempt = 0;
      } catch (error) {
        if (abort.signal.aborted) return;
        await failed(error);
      }
    }
  };

  const running = run();
  return {
    get checkpoint() {
      return checkpoint;
    },
    diagnostics: () => ({ polls, abortListeners: getEventListeners(abort.signal, 'abort').length }),
    async stop() {
      abort.abort();
      await running;
    },
  };
}

/** The subscriptions a store has started, so that closing the store stops them first. */
export class SubscriptionRegistry {
  private readonly live = new Map<Subscription, PollingSubscription>();

  track(subscription: PollingSubscription): Subscription {
    const tracked: Subscription = {
      get checkpoint() {
        return subscription.checkpoint;
      },
      stop: async () => {
        this.live.delete(tracked);
        await subscription.stop();
      },
    };
    this.live.set(tracked, subscription);
    return tracked;
  }

  /** Polls and abort listeners summed over the live subscriptions. */
  diagnostics(): Pick<EventStoreDiagnostics, 'polls' | 'abortListeners'> {
    let polls = 0;
    let abortListeners = 0;
    for (const subscription of this.live.values()) {
      const own = subscription.diagnostics();
      polls += own.polls;
      abortListeners += own.abortListeners;
    }
    return { polls, abortListeners };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((s) => s.stop()));
  }
}
