import { streams } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { TransientError } from '@srw/errors';
import { createGate, seededRandom } from '@srw/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseCandidatePii } from './candidate-erasure';
import { ObservationWriter } from './observations';
import { openEmbeddedEventStore, openEmbeddedPii } from './testing';

const tenantId = 'erasure-spec';
const clock = () => new Date('2026-03-01T10:00:00.000Z');
const metadata = { tenantId, correlationId: 'sync', causationId: 'sync', observedAt: clock().toISOString() };
const candidate = (id: string, email: string) => ({ id, firstName: 'Ada', lastName: 'Lovelace', email, createdOn: '2026-01-01T00:00:00.000Z' });
const erasure = (candidateId: string, sourceId = 'req-1') => ({ tenantId, candidateId, reason: 'erasureRequested' as const, sourceId });

/** The event store with appends failing at random (before or after they land), drawn from a printed seed. */
function flakyAppends(store: EventStore, random: { chance(p: number): boolean }): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'append') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<EventStore['append']>) => {
        if (random.chance(0.3)) throw new TransientError('injected: append lost before it landed');
        const result = await target.append(...args);
        if (random.chance(0.3)) throw new TransientError('injected: append landed, its acknowledgement lost');
        return result;
      };
    },
  });
}

describe('eraseCandidatePii: the key shredded, the erasure recorded once', () => {
  let store: EventStore;
  let pii: ReturnType<typeof openEmbeddedPii>;
  beforeEach(async () => {
    store = await openEmbeddedEventStore();
    pii = openEmbeddedPii();
  });
  afterEach(async () => {
    await store.close();
    await pii.keys.close();
  });
  const erasures = async (candidateId: string) => (await store.readStream(streams.srCandidate(tenantId, candidateId))).filter((e) => e.type === 'CandidatePiiErased');

  it('under injected append faults, retried until it answers: one erasure event, the key gone', async () => {
    const random = seededRandom('candidate-erasure under append faults');
    const writer = new ObservationWriter(store, tenantId, pii);
    for (let i = 0; i < 20; i++) await writer.observeCandidate(candidate(`c${i}`, `c${i}@example.com`), metadata);
    const flaky = flakyAppends(store, random);
    let attempts = 0;
    for (let i = 0; i < 20; i++) {
      for (;;) {
        attempts++;
        try {
          await eraseCandidatePii({ store: flaky, keys: pii.keys, clock }, erasure(`c${i}`));
          break;
        } catch (error) {
          expect(error).toBeInstanceOf(TransientError);
          // Whatever failed, the shred came first: the PII is unreadable from the first attempt on.
          expect(await pii.keys.find(tenantId, `c${i}`)).toBeUndefined();
        }
      }
      expect(await erasures(`c${i}`)).toHaveLength(1);
    }
    expect(attempts, 'faults were injected').toBeGreaterThan(20);
  });

  it('ten concurrent requests for one candidate: one event, one of them destroyed the key', async () => {
    await new ObservationWriter(store, tenantId, pii).observeCandidate(candidate('c1', 'c1@example.com'), metadata);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => eraseCandidatePii({ store, keys: pii.keys, clock }, erasure('c1', `req-${i}`))));
    expect(results.filter((r) => r.keyShredded)).toHaveLength(1);
    expect(await erasures('c1')).toHaveLength(1);
  });

  it('a sync that took the key just before the shred appends nothing after the erasure', async () => {
    const writer = new ObservationWriter(store, tenantId, pii);
    await writer.observeCandidate(candidate('c1', 'old@example.com'), metadata);
    // The sync reads the key, then is held until the erasure is recorded.
    const gate = createGate();
    const keys = { ...pii.keys, keyFor: async (t: string, c: string) => {
      const key = await pii.keys.keyFor(t, c);
      await gate.wait();
      return key;
    } };
    const racing = new ObservationWriter(store, tenantId, { keys: keys as typeof pii.keys, cipher: pii.cipher }).observeCandidate(candidate('c1', 'new@example.com'), metadata);
    await gate.reached;
    await eraseCandidatePii({ store, keys: pii.keys, clock }, erasure('c1'));
    gate.open();
    expect(await racing).toBe(0);
    const types = (await store.readStream(streams.srCandidate(tenantId, 'c1'))).map((e) => e.type);
    expect(types).toEqual(['CandidateObserved', 'CandidatePiiErased']);
  });
});
