import type { CheckpointStore, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface PollingSource {
  /** Events after `position` (exclusive) matching the prefixes, at most `maxCount`. */
  readAfter(position: number | undefined, prefixes: readonly string[], maxCount: number): Promise<RecordedEvent[]>;
  /** Resolves when new events may exist, or after `timeoutMs`. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

const retryDelayMs = (attempt: number) => Math.min(5_000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2);

/**
 * A catch-up subscription over a store that can be read from a position: used by the embedded store.
 * Reads a batch after the checkpoint, hands it over, stores the checkpoint, repeats; when caught up
 * it waits for an append notification (or polls, for appends made by other processes).
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

  const run = async () => {
    checkpoint = await checkpoints.load(options.subscriptionId);
    let attempt = 0;
    while (!abort.signal.aborted) {
      let batch: RecordedEvent[];
      try {
        batch = await source.readAfter(checkpoint, options.streamPrefixes, maxBatchSize);
      } catch (error) {
        options.onError?.(error);
        await sleep(retryDelayMs(attempt++));
        continue;
      }
      if (batch.length === 0) {
        await source.waitForAppend(pollIntervalMs, abort.signal);
        continue;
      }
      try {
        await options.handle(batch);
        // A stop during the handler is a simulated crash: the batch stays unacknowledged.
        if (abort.signal.aborted) return;
        const last = batch[batch.length - 1]!.position;
        await checkpoints.store(options.subscriptionId, last);
        checkpoint = last;
        attempt = 0;
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError?.(error);
        await sleep(retryDelayMs(attempt++));
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
