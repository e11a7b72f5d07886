import { createEvent, type EventByType, type InviteEvent } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import type { CommandMetadata } from '../command';
import { foldEvents } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import { deciderSpec } from '../testing';
import { inviteDecider, type InviteCommand } from './invite.decider';
import { inviteNeedsSending, noteNeedsWriting } from './invite.events';

const spec = deciderSpec(inviteDecider);

const meta = (causationId: string): CommandMetadata => ({
  tenantId: 'acme',
  correlationId: 'corr-1',
  causationId,
  observedAt: '2026-03-01T10:00:00.000Z',
});

function command<T extends InviteCommand['type']>(type: T, data: Extract<InviteCommand, { type: T }>['data'], causationId = `cmd-${type}`) {
  return { type, data, metadata: meta(causationId) } as Extract<InviteCommand, { type: T }>;
}
const event = <T extends InviteEvent['type']>(type: T, data: EventByType<T>['data'], causationId = `evt-${type}`) =>
  createEvent(type, data, meta(causationId)) as InviteEvent;

const requestData = {
  interviewId: 'iv1',
  candidateId: 'cand1',
  jobId: 'job1',
  trigger: { status: 'INTERVIEW', subStatus: null },
  reason: 'stage_entered',
} as const satisfies EventByType<'InviteRequested'>['data'];
const sentData = { willoParticipantId: 'p1', invitedAt: '2026-03-01T10:01:00.000Z', attempt: 1 };
const unavailable = (attempt: number) => ({ reason: 'willo_unavailable' as const, message: 'Willo answered 503', attempt, retryable: true });
const rejected = (attempt: number) => ({ reason: 'willo_rejected' as const, message: 'Willo answered 422', attempt, retryable: false });
const responseData = { willoParticipantId: 'p1', completedAt: '2026-03-02T09:00:00.000Z', reviewUrl: 'https://willo.video/review/p1', source: 'webhook' as const };
const noteData = { srMessageId: 'm1', writtenAt: '2026-03-02T09:01:00.000Z', recoveredFromExisting: false };
const noteFailure = (attempt: number) => ({ reason: 'sr_unavailable' as const, message: 'SR answered 503', attempt, retryable: true });

const requested = event('InviteRequested', requestData);
const sent = event('InviteSent', sentData);
const failedTransiently = (attempt: number) => event('InviteFailed', unavailable(attempt));
const failedForGood = (attempt: number) => event('InviteFailed', rejected(attempt));
const responded = event('ResponseReceived', responseData);
const noteWritten = event('NoteWritten', noteData);
const retried = (causationId = 'admin-req-1') => event('InviteRetryRequested', { requestedBy: 'admin' }, causationId);

/** The events a command leads to, stamped with the command's metadata. */
const eventsOf = (type: InviteEvent['type'], data: unknown, causationId: string) => [createEvent(type, data as never, meta(causationId))];
const isRule = (rule: string) => (error: DomainRuleViolation) => error.rule === rule;

describe('invite decider', () => {
  describe('RequestInvite', () => {
    it('requests on a stream that does not exist', () => {
      spec.given([]).when(command('RequestInvite', requestData)).then(eventsOf('InviteRequested', requestData, 'cmd-RequestInvite'));
    });

    it('changes nothing when asked again: a duplicate observation, a redelivery, a replay, or the backfill after a live move', () => {
      spec.given([]).when(command('RequestInvite', requestData)).thenRedeliveryChangesNothing();
      spec.given([requested]).when(command('RequestInvite', { ...requestData, reason: 'backfill' }, 'other-observation')).thenNothing();
      spec.given([requested, sent, responded, noteWritten]).when(command('RequestInvite', requestData)).thenNothing();
    });

    it('is pending, to be sent, once requested', () => {
      expect(inviteNeedsSending(foldEvents(inviteDecider, [requested]))).toBe(true);
      expect(inviteNeedsSending(foldEvents(inviteDecider, []))).toBe(false);
    });
  });

  describe('RecordInviteSent', () => {
    it('records the invite Willo holds, once', () => {
      spec.given([requested]).when(command('RecordInviteSent', sentData)).then(eventsOf('InviteSent', sentData, 'cmd-RecordInviteSent'));
      spec.given([requested]).when(command('RecordInviteSent', sentData)).thenRedeliveryChangesNothing();
      spec.given([requested, sent]).when(command('RecordInviteSent', { ...sentData, attempt: 2 })).thenNothing();
      expect(inviteNeedsSending(foldEvents(inviteDecider, [requested, sent]))).toBe(false);
    });

    it('records it after transient failures, counting the attempts', () => {
      const third = { ...sentData, attempt: 3 };
      spec.given([requested, failedTransiently(1), failedTransiently(2)]).when(command('RecordInviteSent', third)).then(eventsOf('InviteSent', third, 'cmd-RecordInviteSent'));
      spec.given([requested, failedTransiently(1), failedTransiently(2), event('InviteSent', third)]).thenState(
        expect.objectContaining({ delivery: 'sent', attempts: 3, willoParticipantId: 'p1' }),
      );
    });

    it('records it even after a permanent failure or an abandon: Willo holds the invite (an attempt whose answer was lost)', () => {
      spec.given([requested, failedForGood(1)]).when(command('RecordInviteSent', sentData)).then(eventsOf('InviteSent', sentData, 'cmd-RecordInviteSent'));
      spec.given([requested, event('InviteAbandoned', { reason: 'retries_exhausted' })]).when(command('RecordInviteSent', sentData)).then(eventsOf('InviteSent', sentData, 'cmd-RecordInviteSent'));
    });

    it('refuses an invite that was never requested', () => {
      spec.given([]).when(command('RecordInviteSent', sentData)).thenThrows(DomainRuleViolation, isRule('invite_not_requested'));
    });
  });

  describe('RecordInviteFailed', () => {
    it('keeps a transient failure pending for another attempt', () => {
      spec.given([requested]).when(command('RecordInviteFailed', unavailable(1))).then(eventsOf('InviteFailed', unavailable(1), 'cmd-RecordInviteFailed'));
      const state = foldEvents(inviteDecider, [requested, failedTransiently(1)]);
      expect(state).toMatchObject({ delivery: 'pending', attempts: 1, lastFailure: unavailable(1) });
      expect(inviteNeedsSending(state)).toBe(true);
    });

    it('stops at a permanent failure', () => {
      spec.given([requested]).when(command('RecordInviteFailed', rejected(1))).then(eventsOf('InviteFailed', rejected(1), 'cmd-RecordInviteFailed'));
      const state = foldEvents(inviteDecider, [requested, failedForGood(1)]);
      expect(state).toMatchObject({ delivery: 'failed', attempts: 1 });
      expect(inviteNeedsSending(state)).toBe(false);
      spec.given([requested, failedForGood(1)]).when(command('RecordInviteFailed', unavailable(2))).thenNothing();
    });

    it('abandons when a transient failure reaches the attempts allowed', () => {
      const last = { ...unavailable(3), maxAttempts: 3 };
      spec.given([requested, failedTransiently(1), failedTransiently(2)]).when(command('RecordInviteFailed', last)).then([
        createEvent('InviteFailed', unavailable(3), meta('cmd-RecordInviteFailed')),
        createEvent('InviteAbandoned', { reason: 'retries_exhausted' }, meta('cmd-RecordInviteFailed')),
      ]);
      spec.given([requested, failedTransiently(1)]).when(command('RecordInviteFailed', { ...unavailable(2), maxAttempts: 3 })).then(
        eventsOf('InviteFailed', unavailable(2), 'cmd-RecordInviteFailed'),
      );
    });

    it('changes nothing when the same attempt, or an older one, is reported again', () => {
      spec.given([requested]).when(command('RecordInviteFailed', unavailable(1))).thenRedeliveryChangesNothing();
      spec.given([requested, failedTransiently(1), failedTransiently(2)]).when(command('RecordInviteFailed', unavailable(1))).thenNothing();
      spec.given([requested]).when(command('RecordInviteFailed', { ...unavailable(3), maxAttempts: 3 })).thenRedeliveryChangesNothing();
    });

    it('ignores a late failure once the invite was sent or answered', () => {
      spec.given([requested, sent]).when(command('RecordInviteFailed', unavailable(2))).thenNothing();
      spec.given([requested, responded]).when(command('RecordInviteFailed', unavailable(1))).thenNothing();
    });

    it('refuses a failure of an invite that was never requested', () => {
      spec.given([]).when(command('RecordInviteFailed', unavailable(1))).thenThrows(DomainRuleViolation, isRule('invite_not_requested'));
    });
  });

  describe('RetryInvite', () => {
    const retry = (causationId = 'admin-req-1') => command('RetryInvite', { requestedBy: 'admin' }, causationId);

    it('sends again after a permanent failure or an abandon, the attempts counting on', () => {
      spec.given([requested, failedForGood(1)]).when(retry()).then(eventsOf('InviteRetryRequested', { requestedBy: 'admin' }, 'admin-req-1'));
      spec.given([requested, event('InviteAbandoned', { reason: 'retries_exhausted' })]).when(retry()).then(eventsOf('InviteRetryRequested', { requestedBy: 'admin' }, 'admin-req-1'));
      const state = foldEvents(inviteDecider, [requested, failedForGood(1), retried()]);
      expect(state).toMatchObject({ delivery: 'pending', attempts: 1 });
      expect(inviteNeedsSending(state)).toBe(true);
    });

    it('changes nothing when the same request comes again, even after the retry failed once more', () => {
      spec.given([requested, failedForGood(1)]).when(retry()).thenRedeliveryChangesNothing();
      spec.given([requested, failedForGood(1), retried(), failedForGood(2)]).when(retry()).thenNothing();
      spec.given([requested, failedForGood(1), retried(), failedForGood(2)]).when(retry('admin-req-2')).then(
        eventsOf('InviteRetryRequested', { requestedBy: 'admin' }, 'admin-req-2'),
      );
    });

    it('has nothing to retry while pending, once sent or answered', () => {
      spec.given([requested]).when(retry()).thenNothing();
      spec.given([requested, sent]).when(retry()).thenNothing();
    });

    it('refuses a retry of an invite that was never requested', () => {
      spec.given([]).when(retry()).thenThrows(DomainRuleViolation, isRule('invite_not_requested'));
    });
  });

  describe('RetryNote', () => {
    const retryNote = (causationId = 'admin-note-1') => command('RetryNote', { requestedBy: 'admin' }, causationId);
    const noteStopped = (attempt: number) => event('NoteWriteFailed', { reason: 'sr_rejected', message: 'SR answered 400', attempt, retryable: false });
    const noteRetried = (causationId = 'admin-note-1') => event('NoteRetryRequested', { requestedBy: 'admin' }, causationId);

    it('writes again after the note stopped, with a fresh budget of attempts', () => {
      spec.given([requested, sent, responded, event('NoteWriteFailed', noteFailure(1)), noteStopped(2)]).when(retryNote()).then(eventsOf('NoteRetryRequested', { requestedBy: 'admin' }, 'admin-note-1'));
      expect(noteNeedsWriting(foldEvents(inviteDecider, [requested, sent, responded, noteStopped(1)]))).toBe(false);
      const state = foldEvents(inviteDecider, [requested, sent, responded, event('NoteWriteFailed', noteFailure(1)), noteStopped(2), noteRetried()]);
      expect(state).toMatchObject({ noteStopped: false, noteAttempts: 2, noteAttemptsAtRetry: 2 });
      expect(noteNeedsWriting(state)).toBe(true);
    });

    it('changes nothing when the same request comes again; a new request after the note stopped again retries again', () => {
      spec.given([requested, sent, responded, noteStopped(1)]).when(retryNote()).thenRedeliveryChangesNothing();
      spec.given([requested, sent, responded, noteStopped(1), noteRetried()]).when(retryNote()).thenNothing();
      spec.given([requested, sent, responded, noteStopped(1), noteRetried(), noteStopped(2)]).when(retryNote('admin-note-2')).then(
        eventsOf('NoteRetryRequested', { requestedBy: 'admin' }, 'admin-note-2'),
      );
    });

    it('has nothing to retry while the note is written or still being retried by response-writeback', () => {
      spec.given([requested, sent, responded]).when(retryNote()).thenNothing();
      spec.given([requested, sent, responded, event('NoteWriteFailed', noteFailure(1))]).when(retryNote()).thenNothing();
      spec.given([requested, sent, responded, noteWritten]).when(retryNote()).thenNothing();
    });

    it('refuses a note retry before the response, or of an invite never requested', () => {
      spec.given([requested, sent]).when(retryNote()).thenThrows(DomainRuleViolation, isRule('no_response'));
      spec.given([]).when(retryNote()).thenThrows(DomainRuleViolation, isRule('invite_not_requested'));
    });
  });

  describe('AbandonInvite', () => {
    const abandon = command('AbandonInvite', { reason: 'mapping_removed' });

    it('abandons a pending or failed invite, once', () => {
      spec.given([requested]).when(abandon).then(eventsOf('InviteAbandoned', { reason: 'mapping_removed' }, 'cmd-AbandonInvite'));
      spec.given([requested, failedForGood(1)]).when(abandon).then(eventsOf('InviteAbandoned', { reason: 'mapping_removed' }, 'cmd-AbandonInvite'));
      spec.given([requested]).when(abandon).thenRedeliveryChangesNothing();
      expect(inviteNeedsSending(foldEvents(inviteDecider, [requested, event('InviteAbandoned', { reason: 'mapping_removed' })]))).toBe(false);
    });

    it('refuses to abandon an invite already sent or answered', () => {
      spec.given([requested, sent]).when(abandon).thenThrows(DomainRuleViolation, isRule('invite_already_sent'));
      spec.given([requested, responded]).when(abandon).thenThrows(DomainRuleViolation, isRule('invite_already_sent'));
    });
  });

  describe('RecordResponse', () => {
    it('records the response once, whether the webhook or the poll reports it first', () => {
      spec.given([requested, sent]).when(command('RecordResponse', responseData)).then(eventsOf('ResponseReceived', responseData, 'cmd-RecordResponse'));
      spec.given([requested, sent]).when(command('RecordResponse', responseData)).thenRedeliveryChangesNothing();
      spec.given([requested, sent, responded]).when(command('RecordResponse', { ...responseData, source: 'poll' })).thenNothing();
      expect(noteNeedsWriting(foldEvents(inviteDecider, [requested, sent, responded]))).toBe(true);
    });

    it('accepts a response before InviteSent was recorded (a crash after Willo answered); nothing is sent again, and InviteSent may follow', () => {
      spec.given([requested]).when(command('RecordResponse', responseData)).then(eventsOf('ResponseReceived', responseData, 'cmd-RecordResponse'));
      const state = foldEvents(inviteDecider, [requested, responded]);
      expect(inviteNeedsSending(state)).toBe(false);
      expect(state.willoParticipantId).toBe('p1');
      spec.given([requested, responded]).when(command('RecordInviteSent', sentData)).then(eventsOf('InviteSent', sentData, 'cmd-RecordInviteSent'));
      spec.given([requested, responded]).when(command('RecordInviteSent', { ...sentData, willoParticipantId: 'p2' })).thenThrows(DomainRuleViolation, isRule('participant_mismatch'));
    });

    it('refuses a response of another participant, or for an invite never requested', () => {
      spec.given([requested, sent]).when(command('RecordResponse', { ...responseData, willoParticipantId: 'p2' })).thenThrows(DomainRuleViolation, isRule('participant_mismatch'));
      spec.given([]).when(command('RecordResponse', responseData)).thenThrows(DomainRuleViolation, isRule('invite_not_requested'));
    });
  });

  describe('RecordNoteWritten and RecordNoteWriteFailed', () => {
    it('records the note once, also when found among the candidate\'s messages after a crash', () => {
      spec.given([requested, sent, responded]).when(command('RecordNoteWritten', noteData)).then(eventsOf('NoteWritten', noteData, 'cmd-RecordNoteWritten'));
      spec.given([requested, sent, responded]).when(command('RecordNoteWritten', noteData)).thenRedeliveryChangesNothing();
      const recovered = { srMessageId: null, writtenAt: noteData.writtenAt, recoveredFromExisting: true };
      spec.given([requested, sent, responded, noteWritten]).when(command('RecordNoteWritten', recovered)).thenNothing();
      expect(noteNeedsWriting(foldEvents(inviteDecider, [requested, sent, responded, noteWritten]))).toBe(false);
    });

    it('counts failed note attempts, and ignores a late or repeated one', () => {
      spec.given([requested, sent, responded]).when(command('RecordNoteWriteFailed', noteFailure(1))).then(eventsOf('NoteWriteFailed', noteFailure(1), 'cmd-RecordNoteWriteFailed'));
      spec.given([requested, sent, responded]).when(command('RecordNoteWriteFailed', noteFailure(1))).thenRedeliveryChangesNothing();
      spec.given([requested, sent, responded, noteWritten]).when(command('RecordNoteWriteFailed', noteFailure(2))).thenNothing();
      const failingOnce = [requested, sent, responded, event('NoteWriteFailed', noteFailure(1))];
      expect(foldEvents(inviteDecider, failingOnce)).toMatchObject({ note: 'failing', noteAttempts: 1 });
      spec.given(failingOnce).when(command('RecordNoteWritten', noteData)).then(eventsOf('NoteWritten', noteData, 'cmd-RecordNoteWritten'));
    });

    it('refuses a note before the response was recorded', () => {
      spec.given([requested, sent]).when(command('RecordNoteWritten', noteData)).thenThrows(DomainRuleViolation, isRule('no_response'));
      spec.given([requested, sent]).when(command('RecordNoteWriteFailed', noteFailure(1))).thenThrows(DomainRuleViolation, isRule('no_response'));
    });
  });

  describe('evolve', () => {
    it('changes nothing when an event is redelivered', () => {
      const history = [requested, failedTransiently(1), sent, responded, noteWritten];
      for (let i = 0; i < history.length; i++) spec.given(history.slice(0, i + 1)).whenRedelivered(history[i]!).thenStateUnchanged();
      spec.given([requested, failedForGood(1), retried()]).whenRedelivered(retried()).thenStateUnchanged();
    });
  });
});
