import { parseDomainEvent, parseStreamName, type EventMessage, type InviteEvent } from '@srw/contracts';
import { foldEvents, inviteDecider, inviteNeedsSending, type InviteCommand } from '@srw/domain';
import { isRetryable, TransientError, WorkStoppedError } from '@srw/errors';
import { eventIdFor } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import { WilloNotConfiguredError } from '@srw/willo';
import type { Clock, InviteDispatcherPorts } from '../ports';

export interface DispatchSettings {
  /** Attempts (each an `inviteOnce`, itself retrying within Willo's limits) before the invite is abandoned. */
  maxAttempts: number;
}

type FailureReason = Extract<InviteCommand, { type: 'RecordInviteFailed' }>['data']['reason'];

/** Why Willo failed, as `InviteFailed` names it. */
function failureReasonOf(error: unknown): FailureReason {
  if (error instanceof WilloNotConfiguredError) return 'willo_credentials_missing';
  return isRetryable(error) ? 'willo_unavailable' : 'willo_rejected';
}

/**
 * Sends the invite an `InviteRequested` (or an admin's `InviteRetryRequested`) asks for, unless the
 * stream says it is no longer needed (sent, answered, abandoned, failed for good: a redelivery, or a
 * late message). One consumer handles an invite stream at a time (Kafka key tenant:candidate), and
 * Willo's `inviteOnce` looks the participant up before it posts, keyed by the stream id: together
 * they are the exactly-once guarantee, since Willo takes no idempotency key.
 *
 * Outcomes, each recorded through the invite decider (`handleCommand`) with event ids derived from
 * the stream and the attempt, so a crash between recording and committing the message records nothing
 * twice: `InviteSent`; a transient failure (`InviteFailed`, retryable) rethrown for the bus to retry
 * with backoff, or at `maxAttempts` abandoned and stopped; a permanent one (no email,
 * Willo refusing, no Willo key for the tenant) recorded and stopped; a candidate not observed yet is a transient failure. A stopped invite throws `WorkStoppedError` (`INVITE_STOPPED`), which
 * is not retryable: the bus moves the message to `invite.events.v1.dlq` with the reason at once, and
 * the admin's retry (config-api, `RetryInvite`) starts it again.
 */
export async function dispatchInvite(ports: InviteDispatcherPorts, clock: Clock, settings: DispatchSettings, message: EventMessage): Promise<void> {
  if (message.type !== 'InviteRequested' && message.type !== 'InviteRetryRequested') return;
  const { eventStore, contacts, logger } = ports;
  const stream = message.stream;
  const [tenantId, interviewId, candidateId] = parseStreamName(stream).parts as [string, string, string];

  const history = (await eventStore.readStream(stream)).map(
    (recorded) => parseDomainEvent({ type: recorded.type, data: recorded.data, metadata: recorded.metadata }) as InviteEvent,
  );
  const state = foldEvents(inviteDecider, history);
  if (!inviteNeedsSending(state)) {
    logger?.debug('invite needs no sending', { stream, delivery: state.delivery });
    return;
  }
  const attempt = state.attempts + 1;
  const metadata = {
    tenantId,
    correlationId: message.metadata.correlationId,
    causationId: message.id,
    observedAt: new Date(clock.now()).toISOString(),
  };
  const record = (command: InviteCommand) =>
    handleCommand(eventStore, stream, inviteDecider, command, {
      eventId: (decided, _event, index) => eventIdFor(stream, decided.type, String(attempt), String(index)),
    });
  const fail = async (reason: FailureReason, error: unknown, retryable: boolean) => {
    const failureMessage = error instanceof Error ? error.message : String(error);
    const { appended } = await record({
      type: 'RecordInviteFailed',
      data: { reason, message: failureMessage, attempt, retryable, maxAttempts: settings.maxAttempts },
      metadata,
    });
    const abandoned = appended.some((event) => event.type === 'InviteAbandoned');
    logger?.warn('invite failed', { stream, reason, attempt, retryable, abandoned });
    if (retryable && !abandoned) throw error;
    throw new WorkStoppedError('invite', stream, abandoned ? `retries_exhausted after ${attempt} attempts: ${failureMessage}` : `${reason}: ${failureMessage}`, { cause: error });
  };

  const contact = await contacts.contactOf(tenantId, candidateId);
  // Retryable: a move seen by a webhook can reach us before sr-poller has observed the candidate.
  if (!contact) return fail('candidate_missing', new TransientError(`candidate ${candidateId} is not observed (yet)`), true);
  if (!contact.email) return fail('no_email', new Error(`candidate ${candidateId} has no email in SR`), false);

  let participantKey: string;
  try {
    const { participant, outcome } = await (await ports.willoFor(tenantId)).inviteOnce({
      idempotencyKey: stream,
      invite: {
        interviewKey: interviewId,
        email: contact.email,
        ...(contact.firstName ? { firstName: contact.firstName } : {}),
        ...(contact.lastName ? { lastName: contact.lastName } : {}),
        metadata: { sr_candidate_id: candidateId, sr_job_id: state.request?.jobId ?? '' },
      },
    });
    participantKey = participant.key;
    if (outcome === 'already-invited') logger?.info('candidate already invited to the interview in Willo', { stream });
  } catch (error) {
    // Anything not retryable (Willo's 4xx, an invite Willo's schema refuses) stops the invite.
    return fail(failureReasonOf(error), error, isRetryable(error));
  }
  await record({ type: 'RecordInviteSent', data: { willoParticipantId: participantKey, invitedAt: metadata.observedAt, attempt }, metadata });
  logger?.info('invite sent', { stream, attempt });
}
