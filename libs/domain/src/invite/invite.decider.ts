import { createEvent, type EventByType } from '@srw/contracts';
import type { Command } from '../command';
import type { Decider } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import { evolveInvite, initialInviteState, type InviteEvent, type InviteState } from './invite.events';

type DataOf<T extends InviteEvent['type']> = EventByType<T>['data'];

/** stage-projector's trigger policy asks for the invite: decided only on a stream that does not exist yet. */
export type RequestInvite = Command<'RequestInvite', DataOf<'InviteRequested'>>;
/** Willo holds the invite (`inviteOnce` created it, or found it already there). */
export type RecordInviteSent = Command<'RecordInviteSent', DataOf<'InviteSent'>>;
/**
 * An attempt failed. `retryable` (Willo 5xx, 429, a timeout) leaves the invite pending for another
 * attempt; not retryable (Willo 4xx, no email) stops it until an admin retries. With `maxAttempts`
 * (the dispatcher's policy, passed in), a retryable failure at that attempt also abandons the invite.
 */
export type RecordInviteFailed = Command<'RecordInviteFailed', DataOf<'InviteFailed'> & { maxAttempts?: number | undefined }>;
/** The admin's retry action (config-api) after a permanent failure or an abandon. */
export type RetryInvite = Command<'RetryInvite', DataOf<'InviteRetryRequested'>>;
export type AbandonInvite = Command<'AbandonInvite', DataOf<'InviteAbandoned'>>;
/** Willo reported the candidate's response (webhook `new_response`, or the polling safety net). */
export type RecordResponse = Command<'RecordResponse', DataOf<'ResponseReceived'>>;
/** The note is on the SR candidate (posted now, or found among the candidate's messages after a crash). */
export type RecordNoteWritten = Command<'RecordNoteWritten', DataOf<'NoteWritten'>>;
export type RecordNoteWriteFailed = Command<'RecordNoteWriteFailed', DataOf<'NoteWriteFailed'>>;
/** The admin's retry action (config-api) on a note that stopped. */
export type RetryNote = Command<'RetryNote', DataOf<'NoteRetryRequested'>>;

export type InviteCommand =
  | RequestInvite
  | RecordInviteSent
  | RecordInviteFailed
  | RetryInvite
  | AbandonInvite
  | RecordResponse
  | RecordNoteWritten
  | RecordNoteWriteFailed
  | RetryNote;

function requireRequested(command: InviteCommand, state: InviteState): void {
  if (!state.request) {
    throw new DomainRuleViolation('invite_not_requested', `${command.type} for an invite that was never requested`);
  }
}

function requireResponse(command: InviteCommand, state: InviteState): void {
  requireRequested(command, state);
  if (!state.response) throw new DomainRuleViolation('no_response', `${command.type} before the candidate's response was recorded`);
}

/**
 * Every repeated command decides nothing (a redelivery after a crash, two replicas, an admin's double
 * click); a command that contradicts the stream throws a `DomainRuleViolation`. Out of order:
 *
 * - A response recorded before `InviteSent` (the dispatcher crashed between Willo's answer and the
 *   append; response-writeback got the webhook first) is accepted: the response proves the invite.
 *   The dispatcher, redelivered, then finds the participant through `inviteOnce` and records
 *   `InviteSent` after it, so the history stays complete; nothing is sent again meanwhile
 *   (`inviteNeedsSending` is false once a response is known).
 * - `InviteSent` after a permanent failure or an abandon is still recorded: Willo holds the invite
 *   (an attempt whose answer was lost did create it), and the stream says what Willo holds.
 * - A failure after the invite was sent or answered, or of an attempt at or below one already
 *   recorded, is a late report of a superseded attempt: nothing.
 */
function decideInvite(command: InviteCommand, state: InviteState): InviteEvent[] {
  const { metadata } = command;
  switch (command.type) {
    case 'RequestInvite':
      return state.request ? [] : [createEvent('InviteRequested', command.data, metadata)];

    case 'RecordInviteSent':
      requireRequested(command, state);
      if (state.delivery === 'sent') return [];
      if (state.response && state.response.willoParticipantId !== command.data.willoParticipantId) {
        throw new DomainRuleViolation('participant_mismatch', `Willo participant ${command.data.willoParticipantId} is not the one who responded`);
      }
      return [createEvent('InviteSent', command.data, metadata)];

    case 'RecordInviteFailed': {
      requireRequested(command, state);
      const { maxAttempts, ...failure } = command.data;
      if (state.delivery !== 'pending' || state.response || failure.attempt <= state.attempts) return [];
      const failed = createEvent('InviteFailed', failure, metadata);
      if (failure.retryable && maxAttempts !== undefined && failure.attempt >= maxAttempts) {
        return [failed, createEvent('InviteAbandoned', { reason: 'retries_exhausted' }, metadata)];
      }
      return [failed];
    }

    case 'RetryInvite':
      requireRequested(command, state);
      if (state.retryRequests.includes(metadata.causationId)) return [];
      if (state.delivery !== 'failed' && state.delivery !== 'abandoned') return [];
      if (state.response) return [];
      return [createEvent('InviteRetryRequested', command.data, metadata)];

    case 'AbandonInvite':
      requireRequested(command, state);
      if (state.delivery === 'abandoned') return [];
      if (state.delivery === 'sent' || state.response) {
        throw new DomainRuleViolation('invite_already_sent', `the invite was already sent; it cannot be abandoned (${command.data.reason})`);
      }
      return [createEvent('InviteAbandoned', command.data, metadata)];

    case 'RecordResponse':
      requireRequested(command, state);
      if (state.response) return [];
      if (state.willoParticipantId !== undefined && state.willoParticipantId !== command.data.willoParticipantId) {
        throw new DomainRuleViolation('participant_mismatch', `a response of participant ${command.data.willoParticipantId}, but the invite went to ${state.willoParticipantId}`);
      }
      return [createEvent('ResponseReceived', command.data, metadata)];

    case 'RecordNoteWritten':
      requireResponse(command, state);
      return state.note === 'written' ? [] : [createEvent('NoteWritten', command.data, metadata)];

    case 'RecordNoteWriteFailed':
      requireResponse(command, state);
      if (state.note === 'written' || command.data.attempt <= state.noteAttempts) return [];
      return [createEvent('NoteWriteFailed', command.data, metadata)];

    case 'RetryNote':
      requireResponse(command, state);
      if (state.noteRetryRequests.includes(metadata.causationId)) return [];
      if (!state.noteStopped || state.note === 'written') return [];
      return [createEvent('NoteRetryRequested', command.data, metadata)];

    default: {
      const unknown: never = command;
      throw new TypeError(`unknown invite command ${(unknown as { type: string }).type}`);
    }
  }
}

/** One invite, from its request to the note in SR: the `invite-{tenant}:{interviewId}:{candidateId}` stream. */
export const inviteDecider: Decider<InviteCommand, InviteEvent, InviteState> = {
  decide: decideInvite,
  evolve: evolveInvite,
  initialState: initialInviteState,
};
