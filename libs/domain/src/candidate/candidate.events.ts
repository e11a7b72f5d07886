import type { SrCandidateEvent } from '@srw/contracts';

export type CandidateEvent = SrCandidateEvent;

/** What the candidate stream says about the candidate's PII. */
export interface CandidateState {
  /** At least one `CandidateObserved` (sealed PII) is in the stream. */
  observed: boolean;
  /** Erased: the key is shredded and no PII may follow. */
  erased: boolean;
}

export const initialCandidateState = (): CandidateState => ({ observed: false, erased: false });

export function evolveCandidate(state: CandidateState, event: CandidateEvent): CandidateState {
  switch (event.type) {
    case 'CandidateObserved':
      return { ...state, observed: true };
    case 'CandidatePiiErased':
      return { ...state, erased: true };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
