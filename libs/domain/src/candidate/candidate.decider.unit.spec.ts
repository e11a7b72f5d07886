import { createEvent } from '@srw/contracts';
import { describe, it } from 'vitest';
import type { CommandMetadata } from '../command';
import { deciderSpec } from '../testing';
import { candidateDecider, type EraseCandidatePii } from './candidate.decider';

const spec = deciderSpec(candidateDecider);

const meta = (causationId: string): CommandMetadata => ({ tenantId: 'acme', correlationId: causationId, causationId, observedAt: '2026-03-01T10:00:00.000Z' });

const observed = createEvent(
  'CandidateObserved',
  { candidateId: 'c1', pii: { keyId: 'k1', ciphertext: 'p1.x.y.z' }, updatedOn: '2026-02-01T00:00:00.000Z', contentHash: 'a'.repeat(64) },
  meta('sync-1'),
);
const erase = (reason: 'deletedInSr' | 'erasureRequested', sourceId: string): EraseCandidatePii => ({
  type: 'EraseCandidatePii',
  data: { candidateId: 'c1', reason, sourceId, erasedAt: '2026-03-01T10:00:00.000Z' },
  metadata: meta(sourceId),
});
const erased = createEvent('CandidatePiiErased', erase('erasureRequested', 'gdpr-1').data, meta('gdpr-1'));

describe('candidate decider (crypto-shredding)', () => {
  it('records the erasure of an observed candidate', () => {
    spec.given([observed]).when(erase('erasureRequested', 'gdpr-1')).then([erased]);
  });

  it('records it for a candidate never observed too (the key store keeps a tombstone either way)', () => {
    spec.given([]).when(erase('erasureRequested', 'gdpr-1')).then([erased]);
  });

  it('erases once: a retried request, or SR deleting the candidate afterwards, appends nothing', () => {
    spec.given([observed]).when(erase('erasureRequested', 'gdpr-1')).thenRedeliveryChangesNothing();
    spec.given([observed, erased]).when(erase('deletedInSr', 'audit-9')).thenNothing();
  });

  it('folds observations and the erasure; a redelivered erasure changes nothing', () => {
    spec.given([observed]).thenState({ observed: true, erased: false });
    spec.given([observed, erased]).thenState({ observed: true, erased: true });
    spec.given([observed, erased]).whenRedelivered(erased).thenStateUnchanged();
  });
});
