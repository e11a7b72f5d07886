import { parseStreamName } from '@srw/contracts';
import { DomainRuleViolation, inviteDecider } from '@srw/domain';
import { eventIdFor } from '@srw/event-store';
import type { EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import { metadataKeys, type WilloParticipant } from '@srw/willo';
import type { Clock } from './ports';

export interface ResponseReport {
  tenantId: string;
  participant: WilloParticipant;
  source: 'webhook' | 'poll';
  /** The invite stream when the caller knows it (the poll does): else read from the participant's metadata. */
  stream?: string | undefined;
  /** When Willo says the response came (the webhook's `created`); undefined: now. */
  completedAt?: string | undefined;
  /** The delivery or poll that reported it. */
  causationId: string;
  correlationId: string;
}

export type RecordOutcome =
  | { outcome: 'recorded' | 'duplicate'; stream: string }
  | { outcome: 'ignored'; reason: 'not_our_invite' | 'other_tenant' | 'interview_mismatch' | 'not_completed' | string; stream?: string };

/**
 * The invite stream a participant belongs to: invite-dispatcher invites with the stream id as
 * `inviteOnce`'s idempotency key, which Willo keeps in the participant's metadata (`srw_invite_id`).
 * Undefined when the participant is not one of ours (invited by hand in Willo, another integration).
 */
export function inviteStreamOf(participant: WilloParticipant): string | undefined {
  const stream = participant.metadata[metadataKeys.idempotencyKey];
  if (!stream) return undefined;
  try {
    return parseStreamName(stream).category === 'invite' ? stream : undefined;
  } catch {
    return undefined;
  }
}

/** Whether Willo's record shows the interview completed: the review link exists only then. */
export const hasResponded = (participant: WilloParticipant): participant is WilloParticipant & { reviewUrl: string } =>
  participant.reviewUrl !== undefined;

/**
 * Appends `ResponseReceived` on the participant's invite stream, once: the event id is derived from
 * the stream alone and the decider decides nothing for a second response, so a webhook delivered
 * twice, or a webhook and the poll racing, record one event. A participant that is not ours, of
 * another tenant, of another interview than its stream names, or not completed is ignored (reason
 * given), as is a response the stream refuses (never requested, another participant): each is
 * answered, never retried, because no retry could change it.
 */
export async function recordResponse(eventStore: EventStore, clock: Clock, report: ResponseReport): Promise<RecordOutcome> {
  const { participant } = report;
  const stream = report.stream ?? inviteStreamOf(participant);
  if (!stream) return { outcome: 'ignored', reason: 'not_our_invite' };
  const [tenantId, interviewId] = parseStreamName(stream).parts;
  if (tenantId !== report.tenantId) return { outcome: 'ignored', reason: 'other_tenant' };
  if (participant.interviewKey !== undefined && participant.interviewKey !== interviewId) return { outcome: 'ignored', reason: 'interview_mismatch', stream };
  if (!hasResponded(participant)) return { outcome: 'ignored', reason: 'not_completed', stream };
  const observedAt = new Date(clock.now()).toISOString();
  try {
    const { appended } = await handleCommand(
      eventStore,
      stream,
      inviteDecider,
      {
        type: 'RecordResponse',
        data: { willoParticipantId: participant.key, completedAt: validTime(report.completedAt) ?? observedAt, reviewUrl: participant.reviewUrl, source: report.source },
        metadata: { tenantId, correlationId: report.correlationId, causationId: report.causationId, observedAt },
      },
      { eventId: (_command, event) => eventIdFor(stream, event.type) },
    );
    return { outcome: appended.length > 0 ? 'recorded' : 'duplicate', stream };
  } catch (error) {
    if (error instanceof DomainRuleViolation) return { outcome: 'ignored', reason: error.rule, stream };
    throw error;
  }
}

const validTime = (value: string | undefined) => (value !== undefined && Number.isFinite(Date.parse(value)) ? new Date(value).toISOString() : undefined);
