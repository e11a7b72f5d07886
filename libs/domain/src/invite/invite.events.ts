import type { EventByType, InviteEvent } from '@srw/contracts';

export type { InviteEvent };

/**
 * Where sending the invite stands. `not_requested`: no stream. `pending`: requested (or retried)
 * and not sent yet, including after a transient failure. `sent`: Willo holds the invite. `failed`: a
 * permanent failure stopped it; an admin may retry. `abandoned`: given up (retries exhausted, the
 * mapping removed, the integration disconnected, or by an admin); an admin may retry.
 */
export type InviteDelivery = 'not_requested' | 'pending' | 'sent' | 'failed' | 'abandoned';

export type InviteFailure = EventByType<'InviteFailed'>['data'];
export type InviteResponse = EventByType<'ResponseReceived'>['data'];

export interface InviteState {
  delivery: InviteDelivery;
  request: EventByType<'InviteRequested'>['data'] | undefined;
  /** The highest attempt recorded, sent or failed: the next attempt is this plus one. */
  attempts: number;
  lastFailure: InviteFailure | undefined;
  /** Willo's participant, from `InviteSent`, or from the response when that was recorded first. */
  willoParticipantId: string | undefined;
  abandonReason: EventByType<'InviteAbandoned'>['data']['reason'] | undefined;
  /** The candidate's response; it can be recorded before `InviteSent` (a crash between Willo's answer and the append). */
  response: InviteResponse | undefined;
  note: 'not_written' | 'failing' | 'written';
  /** The highest note attempt that failed. */
  noteAttempts: number;
  /** A failure not retryable stopped the note: only an admin's retry (`NoteRetryRequested`) writes it now. */
  noteStopped: boolean;
  /** `noteAttempts` when the admin last retried: the attempts budget counts from there. */
  noteAttemptsAtRetry: number;
  /** Causation ids of the admin's note retry requests: a redelivered request is recognised by them. */
  noteRetryRequests: string[];
  /** Causation ids of the admin's retry requests: a redelivered request is recognised by them. */
  retryRequests: string[];
}

/** Enough to recognise a redelivered retry: an admin does not retry one invite dozens of times. */
export const rememberedRetryRequests = 20;

export const initialInviteState = (): InviteState => ({
  delivery: 'not_requested',
  request: undefined,
  attempts: 0,
  lastFailure: undefined,
  willoParticipantId: undefined,
  abandonReason: undefined,
  response: undefined,
  note: 'not_written',
  noteAttempts: 0,
  noteStopped: false,
  noteAttemptsAtRetry: 0,
  noteRetryRequests: [],
  retryRequests: [],
});

/** Whether invite-dispatcher should (still) send: requested or retried, not sent, nothing answered yet. */
export const inviteNeedsSending = (state: InviteState): boolean => state.delivery === 'pending' && state.response === undefined;

/** Whether response-writeback should (still) post the note: answered, not written, not stopped (a stopped one waits for an admin's retry). */
export const noteNeedsWriting = (state: InviteState): boolean => state.response !== undefined && state.note !== 'written' && !state.noteStopped;

export function evolveInvite(state: InviteState, event: InviteEvent): InviteState {
  switch (event.type) {
    case 'InviteRequested':
      return state.request ? state : { ...state, delivery: 'pending', request: event.data };
    case 'InviteSent':
      return {
        ...state,
        delivery: 'sent',
        willoParticipantId: event.data.willoParticipantId,
        attempts: Math.max(state.attempts, event.data.attempt),
      };
    case 'InviteFailed': {
      const attempts = Math.max(state.attempts, event.data.attempt);
      if (state.delivery !== 'pending') return { ...state, attempts };
      return { ...state, attempts, lastFailure: event.data, delivery: event.data.retryable ? 'pending' : 'failed' };
    }
    case 'InviteAbandoned':
      return state.delivery === 'sent' ? state : { ...state, delivery: 'abandoned', abandonReason: event.data.reason };
    case 'InviteRetryRequested': {
      const id = event.metadata.causationId;
      const retryRequests = state.retryRequests.includes(id) ? state.retryRequests : [...state.retryRequests, id].slice(-rememberedRetryRequests);
      if (state.delivery !== 'failed' && state.delivery !== 'abandoned') return { ...state, retryRequests };
      return { ...state, retryRequests, delivery: 'pending', abandonReason: undefined };
    }
    case 'ResponseReceived':
      return state.response
        ? state
        : { ...state, response: event.data, willoParticipantId: state.willoParticipantId ?? event.data.willoParticipantId };
    case 'NoteWritten':
      return { ...state, note: 'written' };
    case 'NoteWriteFailed':
      if (state.note === 'written') return state;
      return { ...state, note: 'failing', noteAttempts: Math.max(state.noteAttempts, event.data.attempt), noteStopped: state.noteStopped || !event.data.retryable };
    case 'NoteRetryRequested': {
      const id = event.metadata.causationId;
      const noteRetryRequests = state.noteRetryRequests.includes(id) ? state.noteRetryRequests : [...state.noteRetryRequests, id].slice(-rememberedRetryRequests);
      if (!state.noteStopped || state.note === 'written') return { ...state, noteRetryRequests };
      return { ...state, noteRetryRequests, noteStopped: false, noteAttemptsAtRetry: state.noteAttempts };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
