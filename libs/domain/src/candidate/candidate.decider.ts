import { createEvent, type EventByType } from '@srw/contracts';
import type { Command } from '../command';
import type { Decider } from '../decider';
import { evolveCandidate, initialCandidateState, type CandidateEvent, type CandidateState } from './candidate.events';

/** Record that the candidate's key was shredded (after the shred: the event never claims more than is done). */
export type EraseCandidatePii = Command<'EraseCandidatePii', EventByType<'CandidatePiiErased'>['data']>;

export type CandidateCommand = EraseCandidatePii;

function decideCandidate(command: CandidateCommand, state: CandidateState): CandidateEvent[] {
  switch (command.type) {
    case 'EraseCandidatePii':
      // Erased once, whatever asks again (SR's delete after a GDPR request, a retried request): the first reason stands.
      return state.erased ? [] : [createEvent('CandidatePiiErased', command.data, command.metadata)];
    default: {
      const unknown: never = command.type;
      return unknown;
    }
  }
}

/** The `srCandidate-{tenant}:{candidateId}` stream: observed profiles, then at most one erasure. */
export const candidateDecider: Decider<CandidateCommand, CandidateEvent, CandidateState> = {
  decide: decideCandidate,
  evolve: evolveCandidate,
  initialState: initialCandidateState,
};
