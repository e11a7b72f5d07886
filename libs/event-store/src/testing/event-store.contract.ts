import { randomUUID } from 'node:crypto';
import { ConcurrencyError, ValidationError } from '@srw/errors';
import { eventually } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventStore, EventStoreDiagnostics, EventToAppend, RecordedEvent } from '../event-store.port';

export interface EventStoreHarness {
  /** A new store instance over the same storage: calling it again simulates a process restart. */
  open(): Promise<EventStore>;
  cleanup?(): Promise<void>;
}

const event = (type: string, data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { tenantId: 't1', correlationId: 'c', causationId: 'c' },
});

const waitUntil = (check: () => boolean, what: string, timeoutMs = 15_000) => eventually(check, { what, timeoutMs, intervalMs: 20 });

/** The store's resource counts: every adapter here must report them (the leak checks need them). */
const diagnosticsOf = (store: EventStore): EventStoreDiagnostics => {
  if (!store.diagnostics) throw new Error('the adapter does not implement diagnostics()');
  return store.diagnostics();
};

/** The one contract every event-store adapter passes. */
export function eventStoreContract(adapter: string, harness: () => EventStoreHarness): void {
  describe(`event store contract: ${adapter}`, () => {
    const h = harness();
    const opened: EventStore[] = [];
    const open = async () => {
      const store = await h.open();
      opened.push(store);
      return store;
    };
    // Unique names per run: a real server keeps streams between runs.
    const run = randomUUID().slice(0, 8);
    const category = (name: string) => `c${run}${name}`;
    const streamOf = (name: string, id = 'a') => `${category(name)}-${id}`;

    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await h.cleanup?.();
    });

    describe('expected revision', () => {
      it('no_stream succeeds once, then conflicts', async () => {
        const store = await open();
        const stream = streamOf('nostream');
        const first = await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
        expect(first.nextRevision).toBe(0);
        await expect(store.append(stream, [event('B')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
      });

      it('stream_exists conflicts on a missing stream and succeeds on an existing one', async () => {
        const store = await open();
        const stream = streamOf('exists');
        await expect(store.append(stream, [event('A')], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        await store.append(stream, [event('A')]);
        const result = await store.append(stream, [event('B')], { expectedRevision: 'stream_exists' });
        expect(result.nextRevision).toBe(1);
      });

      it('an exact revision must match the last event', async () => {
        const store = await open();
        const stream = streamOf('exact');
        await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        const conflict = store.append(stream, [event('C')], { expectedRevision: 0 });
        await expect(conflict).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(conflict).rejects.toMatchObject({ code: 'CONCURRENCY', stream, retryable: false });
        const result = await store.append(stream, [event('C')], { expectedRevision: 1 });
        expect(result.nextRevision).toBe(2);
      });

      it('a number that is not a revision is refused with a ValidationError', async () => {
        const store = await open();
        const stream = streamOf('badrevision');
        for (const expectedRevision of [-2, 1.5, Number.NaN, 'sometimes' as never]) {
          await expect(store.append(stream, [event('A')], { expectedRevision })).rejects.toMatchObject({
            code: 'VALIDATION',
            issues: [{ path: 'expectedRevision' }],
          });
        }
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('any appends whatever the stream holds', async () => {
        const store = await open();
        const stream = streamOf('any');
        await store.append(stream, [event('A')], { expectedRevision: 'any' });
        const result = await store.append(stream, [event('B')], { expectedRevision: 'any' });
        expect(result.nextRevision).toBe(1);
      });
    });

    describe('idempotent appends', () => {
      it('repeating an append with the same event ids and expected revision is a no-op', async () => {
        const store = await open();
        const stream = streamOf('repeat');
        const batch = [event('A'), event('B')];
        await store.append(stream, batch, { expectedRevision: 'no_stream' });
        await store.append(stream, batch, { expectedRevision: 'no_stream' });
        await store.append(stream, [event('C')], { expectedRevision: 1 });
        const read = await store.readStream(stream);
        expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      // Best-effort only (see ExpectedRevision): holds while the store still remembers the ids.
      it('repeating a single append with expected revision any right away is a no-op', async () => {
        const store = await open();
        const stream = streamOf('repeatany');
        const once = event('A');
        await store.append(stream, [once]);
        await store.append(stream, [once]);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('data that cannot be stored as JSON', () => {
      it('is refused with a ValidationError naming each value, and nothing of the append is stored', async () => {
        const store = await open();
        const stream = streamOf('unserialisable');
        const circular: Record<string, unknown> = { tenantId: 't1' };
        circular['self'] = circular;
        const attempt = store.append(stream, [
          event('Fine'),
          { ...event('Big'), data: { amount: 10n } },
          { ...event('Cycle'), metadata: circular },
          { ...event('Nothing'), data: undefined },
        ]);
        await expect(attempt).rejects.toBeInstanceOf(ValidationError);
        await expect(attempt).rejects.toMatchObject({
          code: 'VALIDATION',
          issues: [{ path: '1.data' }, { path: '2.metadata' }, { path: '3.data' }],
        });
        expect(await store.readStream(stream)).toEqual([]);
        // The store still works afterwards (no process-killing rejection left behind).
        expect((await store.append(stream, [event('After')], { expectedRevision: 'no_stream' })).nextRevision).toBe(0);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards, from a revision, at most maxCount', async () => {
        const store = await open();
        const stream = streamOf('read');
        await store.append(stream, ['A', 'B', 'C', 'D'].map((t) => event(t, { t })));
        const forwards = await store.readStream(stream);
        expect(forwards.map((e) => [e.type, e.revision])).toEqual([
          ['A', 0],
          ['B', 1],
          ['C', 2],
          ['D', 3],
        ]);
        expect(forwards[0]).toMatchObject({ stream, data: { t: 'A' }, metadata: { tenantId: 't1' } });
        expect(forwards[0]!.recordedAt).toBeInstanceOf(Date);
        expect((await store.readStream(stream, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
        expect((await store.readStream(stream, { direction: 'backwards', maxCount: 2 })).map((e) => e.type)).toEqual([
          'D',
          'C',
        ]);
        expect(
          (await store.readStream(stream, { direction: 'backwards', fromRevision: 1 })).map((e) => e.type),
        ).toEqual(['B', 'A']);
      });

      it('reads a missing stream as empty', async () => {
        const store = await open();
        expect(await store.readStream(streamOf('missing'))).toEqual([]);
      });
    });

    describe('reading $all', () => {
      it('reads forwards after a position, filtered by stream prefix', async () => {
        const store = await open();
        // Positions are opaque (EventStoreDB's are log offsets): only ones the store gave are used.
        const before = await store.append(streamOf('allbefore'), [event('Before')]);
        const first = await store.append(streamOf('allx', '1'), [event('X1')]);
        await store.append(streamOf('ally', '1'), [event('Y1')]);
        await store.append(streamOf('allx', '2'), [event('X2'), event('X3')]);
        const xs = await store.readAll({ after: first.position, streamPrefixes: [`${category('allx')}-`] });
        expect(xs.map((e) => e.type)).toEqual(['X2', 'X3']);
        expect(xs[0]!.position).toBeGreaterThan(first.position);
        expect(xs[1]!.position).toBeGreaterThan(xs[0]!.position);
        const both = await store.readAll({
          after: before.position,
          streamPrefixes: [`${category('allx')}-`, `${category('ally')}-`],
          maxCount: 3,
        });
        expect(both.map((e) => e.type)).toEqual(['X1', 'Y1', 'X2']);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers matching events in order and resumes from the stored checkpoint after a restart', async () => {
        const prefix = `${category('sub')}-`;
        const subscriptionId = `relay-${run}`;
        const writer = await open();
        for (let i = 0; i < 5; i++) await writer.append(`${prefix}${i % 2}`, [event(`E${i}`)]);
        await writer.append(streamOf('other'), [event('Ignored')]);

        const seen: RecordedEvent[] = [];
        const first = await open();
        const subscription = first.subscribe({
          subscriptionId,
          streamPrefixes: [prefix],
          maxBatchSize: 2,
          handle: async (events) => void seen.push(...events),
        });
        await waitUntil(() => seen.length >= 5, '5 events');
        await waitUntil(() => (subscription.checkpoint ?? 0) >= seen[4]!.position, 'checkpoint at or past the 5th event');
        await subscription.stop();
        await first.close();
        expect(seen.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);

        for (let i = 5; i < 8; i++) await writer.append(`${prefix}${i % 2}`, [event(`E${i}`)]);
        const resumed: RecordedEvent[] = [];
        const second = await open();
        const again = second.subscribe({
          subscriptionId,
          streamPrefixes: [prefix],
          handle: async (events) => void resumed.push(...events),
        });
        await waitUntil(() => resumed.length >= 3, '3 events after restart');
        // Live: an append after catching up arrives too.
        await writer.append(`${prefix}0`, [event('E8')]);
        await waitUntil(() => resumed.length >= 4, 'a live event');
        await again.stop();
        expect(resumed.map((e) => e.type)).toEqual(['E5', 'E6', 'E7', 'E8']);
      });

      it('moves its checkpoint past events it does not want, so an idle poll does not scan them again', async () => {
        const store = await open();
        const unwanted = await store.append(streamOf('sparseother'), [event('U1'), event('U2'), event('U3')]);
        const subscription = store.subscribe({
          subscriptionId: `sparse-${run}`,
          streamPrefixes: [`${category('sparsewanted')}-`],
          handle: async () => undefined,
        });
        await waitUntil(() => (subscription.checkpoint ?? 0) >= unwanted.position, 'the checkpoint to pass unwanted events');
        await subscription.stop();
        expect(subscription.checkpoint).toBeGreaterThanOrEqual(unwanted.position);
      });

      it('offers a batch again when its handler fails, without skipping', async () => {
        const prefix = `${category('retry')}-`;
        const store = await open();
        await store.append(`${prefix}1`, [event('R1'), event('R2')]);
        const seen: string[] = [];
        let failures = 0;
        const subscription = store.subscribe({
          subscriptionId: `retry-${run}`,
          streamPrefixes: [prefix],
          handle: async (events) => {
            if (failures++ < 2) throw new Error('downstream unavailable');
            seen.push(...events.map((e) => e.type));
          },
        });
        await waitUntil(() => seen.length >= 2, 'delivery after failures');
        await subscription.stop();
        expect(seen).toEqual(['R1', 'R2']);
      });
    });

    describe('subscription resources', () => {
      it('catches up across more than 100 batches, each event once and in order, leaving no read open', async () => {
        const prefix = `${category('longcatchup')}-`;
        const store = await open();
        const total = 230;
        const appended: string[] = [];
        for (let chunk = 0; chunk < total / 23; chunk++) {
          // Unwanted events between the wanted ones: batches end mid-page on every adapter.
          await store.append(streamOf('longnoise', String(chunk)), [event('Noise')]);
          const batch = Array.from({ length: 23 }, (_, i) => event('Wanted', { n: chunk * 23 + i }));
          await store.append(`${prefix}${chunk % 3}`, batch);
          appended.push(...batch.map((e) => e.id));
        }
        const seen: string[] = [];
        let batches = 0;
        const subscription = store.subscribe({
          subscriptionId: `longcatchup-${run}`,
          streamPrefixes: [prefix],
          maxBatchSize: 2,
          handle: async (events) => {
            batches++;
            seen.push(...events.map((e) => e.id));
          },
        });
        await waitUntil(() => seen.length >= total, `${total} events`, 60_000);
        await subscription.stop();
        expect(batches).toBeGreaterThan(100);
        expect(seen).toEqual(appended);
        expect(diagnosticsOf(store).openReads).toBe(0);
      });

      it('an idle subscription stays put: no checkpoint writes, no open reads, no new abort listeners over many polls', async () => {
        const prefix = `${category('idle')}-`;
        const subscriptionId = `idle-${run}`;
        const store = await open();
        await store.append(`${prefix}1`, [event('I1'), event('I2')]);
        const unwanted = await store.append(streamOf('idleother'), [event('U1')]);
        let writes = 0;
        const checkpoints = store.checkpoints;
        const storeCheckpoint = checkpoints.store.bind(checkpoints);
        // Counted through the port the subscription writes with, whatever the store keeps them in.
        checkpoints.store = async (id, position) => {
          if (id === subscriptionId) writes++;
          await storeCheckpoint(id, position);
        };
        const seen: string[] = [];
        const subscription = store.subscribe({
          subscriptionId,
          streamPrefixes: [prefix],
          handle: async (events) => void seen.push(...events.map((e) => e.type)),
        });
        try {
          await waitUntil(() => seen.length >= 2 && (subscription.checkpoint ?? 0) >= unwanted.position, 'caught up and settled');
          const settled = { writes, checkpoint: subscription.checkpoint, ...diagnosticsOf(store) };
          // Over 5 s of polls (at the harness's 50 ms): longer than any idle checkpoint interval.
          await waitUntil(() => diagnosticsOf(store).polls >= settled.polls + 120, '120 more polls', 60_000);
          const after = diagnosticsOf(store);
          expect(writes).toBe(settled.writes);
          expect(subscription.checkpoint).toBe(settled.checkpoint);
          expect(await checkpoints.load(subscriptionId)).toBe(settled.checkpoint);
          expect(after.openReads).toBe(0);
          expect(after.abortListeners).toBeLessThanOrEqual(settled.abortListeners);
          expect(seen).toEqual(['I1', 'I2']);
        } finally {
          await subscription.stop();
        }
      }, 90_000);
    });

    describe('concurrent appenders', () => {
      it('exactly one wins each revision', async () => {
        const stores = [await open(), await open()];
        const stream = streamOf('race');
        await stores[0]!.append(stream, [event('Start')], { expectedRevision: 'no_stream' });
        for (let revision = 0; revision < 5; revision++) {
          const attempts = Array.from({ length: 8 }, (_, i) =>
            stores[i % 2]!.append(stream, [event(`W${revision}-${i}`)], { expectedRevision: revision }),
          );
          const results = await Promise.allSettled(attempts);
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r) => r.status === 'rejected');
          expect(won).toHaveLength(1);
          for (const r of lost) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
        }
        expect(await stores[0]!.readStream(stream)).toHaveLength(6);
      });
    });

    describe('ping', () => {
      it('answers while the store is open and fails once it is closed', async () => {
        const store = await h.open();
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(store.ping()).rejects.toThrow(/closed/);
      });
    });
  });
}
