import { streams } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { contentHashOf, createEventHistory, projectionSpec } from '../testing';
import { candidatesProjection } from './candidates.projection';

const spec = projectionSpec(candidatesProjection);

function history() {
  const h = createEventHistory();
  const stream = (candidateId: string) => streams.srCandidate('t1', candidateId);
  const observe = (candidateId: string, sealed: string, updatedOn: string) =>
    h.append(stream(candidateId), 'CandidateObserved', { candidateId, pii: { keyId: `key-${candidateId}`, ciphertext: sealed }, updatedOn, contentHash: contentHashOf(sealed) }, updatedOn);
  const erase = (candidateId: string, reason: 'deletedInSr' | 'erasureRequested', at: string) =>
    h.append(stream(candidateId), 'CandidatePiiErased', { candidateId, reason, sourceId: `src-${candidateId}`, erasedAt: at }, at);
  return { h, observe, erase };
}

const t = (day: number) => `2026-01-0${day}T10:00:00.000Z`;

describe('candidates read model (sealed PII, dropped on erasure)', () => {
  it('holds the latest sealed profile, never anything in clear', async () => {
    const { observe } = history();
    const first = observe('c1', 'p1.sealed-1', t(1));
    await spec.given([first]).when(observe('c1', 'p1.sealed-2', t(2))).then({ candidateId: 'c1', pii: { keyId: 'key-c1', ciphertext: 'p1.sealed-2' }, updatedOn: t(2), erased: null });
  });

  it('an erasure drops the sealed PII and keeps only ids and the reason', async () => {
    const { observe, erase } = history();
    const observed = observe('c1', 'p1.sealed-1', t(1));
    await spec.given([observed]).when(erase('c1', 'erasureRequested', t(3))).then({ candidateId: 'c1', pii: null, updatedOn: t(1), erased: { reason: 'erasureRequested', at: t(3) } });
  });

  it('after the erasure, nothing brings PII back: a redelivered or replayed observation, a later one, a second erasure', async () => {
    const { h, observe, erase } = history();
    const observed = observe('c1', 'p1.sealed-1', t(1));
    const erased = erase('c1', 'erasureRequested', t(3));
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
    // Whatever appended after the erasure (the writer refuses to; belt and braces here) stays out.
    await spec.given([observed, erased]).when(observe('c1', 'p1.sealed-3', t(4))).thenUnchanged();
    await spec.given([observed, erased]).when(erase('c1', 'deletedInSr', t(5))).then({ candidateId: 'c1', pii: null, updatedOn: t(1), erased: { reason: 'erasureRequested', at: t(3) } });
  });

  it('an older profile delivered late changes nothing; candidates are kept apart', async () => {
    const { h, observe, erase } = history();
    const older = observe('c1', 'p1.sealed-old', t(1));
    observe('c1', 'p1.sealed-new', t(2));
    observe('c2', 'p1.sealed-c2', t(1));
    erase('c1', 'deletedInSr', t(3));
    await spec.given(h.events.slice(1, 2)).when(older).thenUnchanged();
    await spec.given(h.events).thenDocument('c2', { candidateId: 'c2', pii: { keyId: 'key-c2', ciphertext: 'p1.sealed-c2' }, updatedOn: t(1), erased: null });
    expect(JSON.stringify(h.events.at(-1)?.data)).not.toContain('sealed');
  });
});
