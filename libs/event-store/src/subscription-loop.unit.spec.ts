import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CheckpointStore, RecordedEvent } from './event-store.port';
import { delay, startPollingSubscription, type PollingSource, type ScanResult } from './subscription-loop';

/**
 * A log like EventStoreDB's `$all`: checkpoints are events in it, in their own streams, which
 * scans pass over without delivering. Polls are driven by the test: `waitForAppend` resolves at
 * once until `polls` have been made, then holds until the subscription stops.
 */
function logWithCheckpointEvents(userStreams: readonly string[], polls: number) {
  const log: { stream: string; position: number }[] = userStreams.map((stream, i) => ({ stream, position: i + 1 }));
  const stored = new Map<string, number>();
  let writes = 0;
  let waits = 0;
  let reachedPolls!: () => void;
  const done = new Promise<void>((resolve) => (reachedPolls = resolve));
  const append = (stream: string) => log.push({ stream, position: log.length + 1 });
  const checkpoints: CheckpointStore = {
    load: async (id) => stored.get(id),
    store: async (id, position) => {
      writes++;
      stored.set(id, position);
      append(`checkpoint-${id}`);
    },
  };
  const source: PollingSource = {
    scanAfter: async (after, prefixes, maxCount): Promise<ScanResult> => {
      const events: RecordedEvent[] = [];
      let scannedTo = after;
      let lastUserEventAt: number | undefined;
      for (const entry of log.filter((e) => e.position > (after ?? 0))) {
        scannedTo = entry.position;
        if (entry.stream.startsWith('checkpoint-')) continue;
        lastUserEventAt = entry.position;
        if (!prefixes.some((p) => entry.stream.startsWith(p))) continue;
        events.push({ id: String(entry.position), stream: entry.stream, revision: 0, position: entry.position, type: 'E', data: {}, metadata: {}, recordedAt: new Date(0) });
        if (events.length >= maxCount) break;
      }
      return { events, scannedTo, lastUserEventAt };
    },
    waitForAppend: async (_timeoutMs, signal) => {
      if (++waits < polls) return;
      reachedPolls();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    },
  };
  return { source, checkpoints, done, writes: () => writes, stored };
}

describe('polling subscription', () => {
  it('stops writing checkpoints once idle, although each write is an event its next scan passes', async () => {
    const store = logWithCheckpointEvents(['wanted-1', 'other-1', 'other-2'], 200);
    let clock = 0;
    const seen: string[] = [];
    const subscription = startPollingSubscription(
      store.source,
      store.checkpoints,
      { subscriptionId: 'relay', streamPrefixes: ['wanted-'], handle: async (events) => void seen.push(...events.map((e) => e.stream)) },
      // Every poll is far enough apart for an idle write: only the loop's own rule can stop them.
      { now: () => (clock += 60_000) },
    );
    await store.done;
    await subscription.stop();
    expect(seen).toEqual(['wanted-1']);
    // One write for the batch (which scanned past the other streams' events too); none for its own writes.
    expect(store.writes()).toBe(1);
    expect(store.stored.get('relay')).toBe(3);
  });

  it('scans from its in-memory cursor, not from the stored checkpoint, between idle writes', async () => {
    const store = logWithCheckpointEvents(['other-1', 'other-2', 'other-3'], 50);
    const scannedFrom: (number | undefined)[] = [];
    const scanAfter = store.source.scanAfter;
    store.source.scanAfter = (after, prefixes, maxCount) => (scannedFrom.push(after), scanAfter(after, prefixes, maxCount));
    // The clock stands still: after the first idle write no other is due.
    const subscription = startPollingSubscription(store.source, store.checkpoints, { subscriptionId: 'sparse', streamPrefixes: ['wanted-'], handle: async () => undefined }, { now: () => 0 });
    await store.done;
    await subscription.stop();
    expect(scannedFrom[0]).toBeUndefined();
    expect(new Set(scannedFrom.slice(2))).toEqual(new Set([4]));
  });

  it('leaves no abort listener behind per failed attempt', async () => {
    let failures = 0;
    let reached!: () => void;
    const failedOften = new Promise<void>((resolve) => (reached = resolve));
    const errors: unknown[] = [];
    const subscription = startPollingSubscription(
      {
        scanAfter: async () => {
          if (++failures === 5) reached();
          throw new Error('store unavailable');
        },
        waitForAppend: async () => undefined,
      },
      { load: async () => undefined, store: async () => undefined },
      { subscriptionId: 's', streamPrefixes: ['x-'], handle: async () => undefined, onError: (e) => errors.push(e) },
    );
    const diagnostics = subscription.diagnostics();
    await failedOften;
    expect(subscription.diagnostics().abortListeners).toBeLessThanOrEqual(diagnostics.abortListeners);
    await subscription.stop();
    expect(errors.length).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

describe('delay', () => {
  it('removes its abort listener when the time is up', async () => {
    const abort = new AbortController();
    for (let i = 0; i < 20; i++) await delay(0, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('resolves at once when aborted', async () => {
    const abort = new AbortController();
    const waiting = delay(60_000, abort.signal);
    abort.abort();
    await waiting;
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});
