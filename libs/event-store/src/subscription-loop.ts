import { backoffDelay } from '@srw/http-kit';
import type { CheckpointStore, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface ScanResult {
  /** Matching events, in position order. */
  events: RecordedEvent[];
  /**
   * How far the scan looked: every event up to here either is in `events` or does not match. With
   * a sparse filter this runs far ahead of the last match, so the next poll does not scan it again.
   */
  scannedTo: number | undefined;
}

export interface PollingSource {
  /** Events after `position` (exclusive) matching the prefixes, at most `maxCount`. */
  scanAfter(position: number | undefined, prefixes: readonly string[], maxCount: number): Promise<ScanResult>;
  /** Resolves when new events may exist, or after `timeoutMs`. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

const retryDelayMs = (attempt: number) => backoffDelay(attempt, { baseDelayMs: 50, maxDelayMs: 5_000 });

/** While idle, a scan position that ran past the checkpoint is stored at most this often. */
const idleCheckpointIntervalMs = 5_000;

/**
 * A catch-up subscription over a store that can be read from a position (both adapters use it).
 * Scans a batch after the checkpoint, hands it over, stores the checkpoint, repeats; when caught up
 * it waits for an append notification (or polls, for appends made by other processes). Every
 * failure, of the store or of the handler, is reported and retried with backoff: the loop never
 * dies and never skips.
 */
export function startPollingSubscription(
  source: PollingSource,
  checkpoints: CheckpointStore,
  options: SubscribeOptions,
  pollIntervalMs = 250,
): Subscription {
  const abort = new AbortController();
  let checkpoint: number | undefined;
  const maxBatchSize = options.maxBatchSize ?? 500;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  const storeCheckpoint = async (position: number) => {
    await checkpoints.store(options.subscriptionId, position);
    checkpoint = position;
  };

  const run = async () => {
    let attempt = 0;
    const failed = async (error: unknown) => {
      options.onError?.(error);
      await sleep(retryDelayMs(attempt++));
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
    let lastIdleStore = 0;
    while (!abort.signal.aborted) {
      let scan: ScanResult;
      try {
        scan = await source.scanAfter(checkpoint, options.streamPrefixes, maxBatchSize);
      } catch (error) {
        await failed(error);
        continue;
      }
      const advanced = scan.scannedTo !== undefined && scan.scannedTo > (checkpoint ?? 0);
      if (scan.events.length === 0) {
        try {
          if (advanced && Date.now() - lastIdleStore >= idleCheckpointIntervalMs) {
            await storeCheckpoint(scan.scannedTo!);
            lastIdleStore = Date.now();
          }
        } catch (error) {
          await failed(error);
          continue;
        }
        await source.waitForAppend(pollIntervalMs, abort.signal);
        continue;
      }
      try {
        await options.handle(scan.events);
        // A stop during the handler is a simulated crash: the batch stays unacknowledged.
        if (abort.signal.aborted) return;
        await storeCheckpoint(Math.max(scan.scannedTo ?? 0, scan.events[scan.events.length - 1]!.position));
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
    async stop() {
      abort.abort();
      await running;
    },
  };
}

/** The subscriptions a store has started, so that closing the store stops them first. */
export class SubscriptionRegistry {
  private readonly live = new Set<Subscription>();

  track(subscription: Subscription): Subscription {
    const tracked: Subscription = {
      get checkpoint() {
        return subscription.checkpoint;
      },
      stop: async () => {
        this.live.delete(tracked);
        await subscription.stop();
      },
    };
    this.live.add(tracked);
    return tracked;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
