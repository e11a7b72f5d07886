import { isEncryptedPii, type EncryptedPii, type EventByType, type EventMessage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface CandidateView {
  candidateId: string;
  /**
   * The fields an invite needs (name, email), sealed under the candidate's own key: the read model
   * never holds them in clear, only a holder of the key store opens them. Null once erased (and for
   * PII appended in clear before encryption, which is never copied here).
   */
  pii: EncryptedPii | null;
  /** SR's `updatedOn` of the profile held; null when none was. */
  updatedOn: string | null;
  /** Set once the candidate's PII was erased: nothing sealed is kept, or taken again. */
  erased: { reason: EventByType<'CandidatePiiErased'>['data']['reason']; at: string } | null;
}

export const candidatesCollection = {
  name: 'candidates',
  // Read by candidate id (the document id); no query needs another field.
  indexes: [],
} as const;

function evolve(current: CandidateView | undefined, event: EventMessage): CandidateView | undefined {
  switch (event.type) {
    case 'CandidatePiiErased': {
      const { candidateId, reason, erasedAt } = event.data;
      return { candidateId, pii: null, updatedOn: current?.updatedOn ?? null, erased: current?.erased ?? { reason, at: erasedAt } };
    }
    case 'CandidateObserved': {
      // Erased is final: an observation appended under the key just before its shred (later in the
      // stream than the erasure? never: the writer refuses; earlier, redelivered: the position guard) stays out.
      if (current?.erased) return current;
      const { candidateId, pii, updatedOn } = event.data;
      // SR's order wins over arrival order: an older profile changes nothing.
      if (current?.updatedOn && Date.parse(updatedOn) < Date.parse(current.updatedOn)) return current;
      return { candidateId, pii: isEncryptedPii(pii) ? pii : null, updatedOn, erased: null };
    }
    default:
      return current;
  }
}

/**
 * One document per tenant and candidate: the sealed profile an invite is sent with, and whether the
 * candidate was erased. An erasure drops the sealed PII for good (position-guarded like every read
 * model, so a redelivered or replayed observation cannot bring it back).
 */
export const candidatesProjection: ReadModelProjection<CandidateView> = {
  collection: candidatesCollection,
  documentIdOf: (event) => (event.type === 'CandidateObserved' || event.type === 'CandidatePiiErased' ? event.data.candidateId : undefined),
  evolve,
};
