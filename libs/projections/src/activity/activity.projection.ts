import { parseStreamName, type EventMessage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface ActivityView {
  /** The id of the event behind the entry. */
  entryId: string;
  /** The event's global position: newest first is descending `seq`, the same after every replay. */
  seq: number;
  at: string;
  kind: string;
  summary: string;
  interviewId: string | null;
  candidateId: string | null;
  jobId: string | null;
  reason: string | null;
}

export const activityCollection = {
  name: 'activity',
  indexes: [{ fields: ['seq'] }, { fields: ['interviewId', 'seq'] }, { fields: ['candidateId', 'seq'] }],
} as const;

type Entry = Pick<ActivityView, 'summary'> & Partial<Pick<ActivityView, 'interviewId' | 'candidateId' | 'jobId' | 'reason'>>;

/** The invite stream's interview and candidate: `invite-{tenant}:{interviewId}:{candidateId}`. */
function inviteParties(event: EventMessage): Pick<ActivityView, 'interviewId' | 'candidateId'> {
  const [, interviewId, candidateId] = parseStreamName(event.stream).parts;
  return { interviewId: interviewId ?? null, candidateId: candidateId ?? null };
}

/** What the admin's timeline says of an event; undefined for events it does not show (observations, refreshes, checkpoints). */
function entryOf(event: EventMessage): Entry | undefined {
  switch (event.type) {
    case 'IntegrationEnableRequested':
      return { summary: `${event.data.requestedBy} asked to enable the SmartRecruiters integration (${event.data.plan} plan)` };
    case 'IntegrationConnected':
      return { summary: `SmartRecruiters connected by ${event.data.connectedBy}` };
    case 'AuthorizationLost':
      return { summary: 'SmartRecruiters authorisation lost: reconnect to resume syncing', reason: event.data.reason };
    case 'IntegrationDisconnected':
      return { summary: `SmartRecruiters disconnected by ${event.data.disconnectedBy}`, reason: event.data.reason ?? null };
    case 'PlanChanged':
      return { summary: `Plan changed to ${event.data.plan}${event.data.intervalSecondsOverride ? `, syncing every ${event.data.intervalSecondsOverride} s` : ''}` };
    case 'SyncRequested':
      return { summary: `${event.data.requestedBy} asked for a ${event.data.kind} sync` };
    case 'SyncRunCompleted':
      return { summary: `Sync completed (${Object.entries(event.data.counts).map(([resource, count]) => `${count} ${resource}`).join(', ') || 'nothing new'})` };
    case 'SyncRunFailed':
      return { summary: `Sync failed: ${event.data.error.message}`, reason: event.data.error.code };
    case 'InterviewJobsConnected':
      return {
        summary: `${event.data.appliedBy} connected ${event.data.jobs.length} job(s) to the interview`,
        interviewId: event.data.interviewId,
        jobId: event.data.jobs.length === 1 ? event.data.jobs[0]!.jobId : null,
      };
    case 'InterviewJobDisconnected':
      return { summary: `${event.data.disconnectedBy} disconnected job ${event.data.jobId} from the interview`, interviewId: event.data.interviewId, jobId: event.data.jobId };
    case 'InviteRequested':
      return {
        summary: event.data.reason === 'backfill' ? 'Invite requested: the candidate was already in the trigger stage' : `Invite requested: the candidate entered ${event.data.trigger.subStatus ?? event.data.trigger.status}`,
        ...inviteParties(event),
        jobId: event.data.jobId,
      };
    case 'InviteSent':
      return { summary: 'Invited to the interview', ...inviteParties(event) };
    case 'InviteFailed':
      return { summary: `Invite failed (attempt ${event.data.attempt})`, ...inviteParties(event), reason: event.data.reason };
    case 'InviteAbandoned':
      return { summary: 'Invite abandoned', ...inviteParties(event), reason: event.data.reason };
    case 'InviteRetryRequested':
      return { summary: `${event.data.requestedBy} asked to send the invite again`, ...inviteParties(event) };
    case 'ResponseReceived':
      return { summary: 'The candidate responded', ...inviteParties(event) };
    case 'NoteWritten':
      return { summary: 'Response written back to SmartRecruiters', ...inviteParties(event) };
    case 'NoteWriteFailed':
      return { summary: `Write-back failed (attempt ${event.data.attempt})`, ...inviteParties(event), reason: event.data.reason };
    case 'NoteRetryRequested':
      return { summary: `${event.data.requestedBy} asked to write the response back again`, ...inviteParties(event) };
    default:
      return undefined;
  }
}

function evolve(current: ActivityView | undefined, event: EventMessage): ActivityView | undefined {
  // An entry records one event: once written, it never changes.
  if (current) return current;
  const entry = entryOf(event);
  if (!entry) return undefined;
  return {
    entryId: event.id,
    seq: event.position,
    at: event.metadata.observedAt,
    kind: event.type,
    summary: entry.summary,
    interviewId: entry.interviewId ?? null,
    candidateId: entry.candidateId ?? null,
    jobId: entry.jobId ?? null,
    reason: entry.reason ?? null,
  };
}

/** The kind of the entries trigger detection writes for a move (or backfill) that requested no invite. */
export const inviteSkippedKind = 'InviteSkipped';

/** What a skip says on the timeline; trigger detection writes it, since no event records a skip. */
export interface InviteSkipEntry {
  /** The event decided on (an `ApplicationStageObserved`, or `InterviewJobsConnected` for a backfill). */
  source: Pick<EventMessage, 'id' | 'position' | 'metadata'>;
  interviewId: string;
  candidateId: string;
  jobId: string;
  stage: { status: string; subStatus: string | null };
  reason: string;
}

/**
 * The timeline entry of a skip: `skip:{interview}:{candidate}:{event decided on}`, at that event's
 * position, so it sorts where the move happened and a redelivery or replay writes nothing new.
 */
export function inviteSkipEntry({ source, interviewId, candidateId, jobId, stage, reason }: InviteSkipEntry): { id: string; view: ActivityView } {
  return {
    id: `skip:${interviewId}:${candidateId}:${source.id}`,
    view: {
      entryId: `skip:${interviewId}:${candidateId}:${source.id}`,
      seq: source.position,
      at: source.metadata.observedAt,
      kind: inviteSkippedKind,
      summary: `Not invited: the candidate was seen in ${stage.subStatus ?? stage.status}`,
      interviewId,
      candidateId,
      jobId,
      reason,
    },
  };
}

/** One document per event shown (its id is the event id): the tenant's timeline, newest first by `seq`. */
export const activityProjection: ReadModelProjection<ActivityView> = {
  collection: activityCollection,
  documentIdOf: (event) => (entryOf(event) ? event.id : undefined),
  evolve,
};
