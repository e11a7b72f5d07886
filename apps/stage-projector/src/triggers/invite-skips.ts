import type { TriggerSkipReason } from '@srw/domain';
import type { CollectionSpec } from '@srw/read-store';

/**
 * A move or a backfill that requested no invite, with the reason: what the activity timeline shows
 * for "seen, not invited". One document per decision (interview, candidate and the event decided
 * on), written at that event's position, so a redelivery or a replay writes nothing new.
 */
export interface InviteSkipView {
  interviewId: string;
  candidateId: string;
  jobId: string;
  status: string;
  subStatus: string | null;
  reason: TriggerSkipReason;
  /** `observation`: an `ApplicationStageObserved`; `backfill`: a mapping applied (`InterviewJobsConnected`). */
  decidedOn: 'observation' | 'backfill';
  /** The id of the event decided on. */
  causationId: string;
  /** When that event was observed: the timeline's order. */
  observedAt: string;
}

export const inviteSkipsCollection = {
  name: 'inviteSkips',
  indexes: [{ fields: ['observedAt'] }, { fields: ['candidateId', 'observedAt'] }, { fields: ['interviewId', 'observedAt'] }],
} as const satisfies CollectionSpec;

export const inviteSkipId = (interviewId: string, candidateId: string, causationId: string) => `${interviewId}:${candidateId}:${causationId}`;

/** Reasons not worth a timeline entry: a move into a stage that triggers nothing is most moves. */
export const unrecordedSkipReasons: ReadonlySet<TriggerSkipReason> = new Set(['not_trigger_stage']);
