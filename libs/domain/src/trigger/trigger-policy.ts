import { createEvent, streams, type EventByType, type NewMetadata, type Stage } from '@srw/contracts';

/**
 * The trigger policy: which moves of a candidate in SR request an invite to which Willo interview.
 * Pure: the mappings, the facts about the candidate, the job and the grant, and the time all come in;
 * it returns decisions, and its caller appends the requests (expected revision "no stream", so a
 * repeated request fails the append and is counted as "already requested") and records the skips.
 */

/**
 * One interview connected to one job, as the policy needs it: plain data, so that it can be fed from
 * the `interviewMapping` streams or from a `triggers` read model alike.
 */
export interface TriggerMapping {
  interviewId: string;
  jobId: string;
  /** A move into any of these (status and sub-status both equal; a null sub-status matches only null) triggers. */
  triggerStages: readonly Stage[];
  /** Also invite the candidates already in a trigger stage when the mapping is applied. */
  backfill: boolean;
  /** When this connection of the interview to the job was applied (ISO 8601); moves before it do not trigger. */
  appliedAt: string;
  /** When the job was disconnected from the interview, if it was (and not connected again since). */
  removedAt?: string | undefined;
}

/** What is known of the candidate when the decision is made. `undefined`: not known, so no reason to skip. */
export interface CandidateFacts {
  /** Whether SR holds an email for the candidate (the PII itself never reaches the policy). */
  hasEmail?: boolean | undefined;
  /** The candidate withdrew their application to this job. */
  withdrawn?: boolean | undefined;
}

export interface JobFacts {
  /** `false` once the job is closed (filled, cancelled, closed in SR). `undefined`: not known. */
  open?: boolean | undefined;
}

/** The tenant's SR grant: `lost` covers a revoked or expired grant and a disconnected integration. */
export type GrantState = 'connected' | 'lost' | 'unknown';

export const triggerSkipReasons = [
  'not_trigger_stage',
  'moved_before_mapping_applied',
  'mapping_removed',
  'grant_lost',
  'job_closed',
  'candidate_withdrawn',
  'no_email',
] as const;
export type TriggerSkipReason = (typeof triggerSkipReasons)[number];

export type InviteRequestedEvent = EventByType<'InviteRequested'>;

/** Request an invite: append `event` to `stream` with expected revision "no stream". */
export interface RequestInviteDecision {
  kind: 'request';
  interviewId: string;
  candidateId: string;
  jobId: string;
  /** `invite-{tenant}:{interviewId}:{candidateId}`: one per interview and candidate, whatever the job. */
  stream: string;
  /** Its `causationId` is the id of the observation (or of the mapping event, for a backfill). */
  event: InviteRequestedEvent;
}

/** No invite, and why: for the activity timeline. */
export interface SkipDecision {
  kind: 'skip';
  interviewId: string;
  candidateId: string;
  jobId: string;
  stage: Stage;
  reason: TriggerSkipReason;
}

export type TriggerDecision = RequestInviteDecision | SkipDecision;

/** What the policy is asked about: one `ApplicationStageObserved` and everything known around it. */
export interface StageMoveInput {
  observation: {
    /** The stored event's id: the causation of what it leads to. */
    eventId: string;
    data: EventByType<'ApplicationStageObserved'>['data'];
    metadata: { tenantId: string; correlationId: string };
  };
  /** The tenant's mappings; those of other jobs are ignored. Removed ones may be given (see `removedAt`). */
  mappings: readonly TriggerMapping[];
  candidate: CandidateFacts;
  job: JobFacts;
  grant: GrantState;
  /** The decision's time (ISO 8601), stamped as the request's `observedAt`. */
  decidedAt: string;
}

export const sameStage = (a: Stage, b: Stage): boolean => a.status === b.status && a.subStatus === b.subStatus;

const isTriggerStage = (mapping: TriggerMapping, stage: Stage) => mapping.triggerStages.some((trigger) => sameStage(trigger, stage));

const before = (a: string, b: string) => Date.parse(a) < Date.parse(b);

type ObservationSource = StageMoveInput['observation']['data']['source'];

/**
 * Whether `changedOn` is when the move happened. A poll only knows that the candidate is in the stage
 * by the time it listed them (its `changedOn` is that time), which cannot tell a move after the
 * mapping from a candidate who sat in the stage before it; the sync asks SR's status history for the
 * time of a move it finds (source `history`), so a `poll` observation is one whose time SR did not give.
 */
const moveTimeKnown = (source: ObservationSource) => source !== 'poll';

/** An audit event is a past move (the candidate may have left since); the others read the stage as it is now. */
const tellsCurrentStage = (source: ObservationSource) => source !== 'audit';

/** The first reason the tenant, job or candidate give not to invite, in the order an admin would fix them. */
function factsSkipReason(grant: GrantState, job: JobFacts, candidate: CandidateFacts): TriggerSkipReason | undefined {
  if (grant === 'lost') return 'grant_lost';
  if (job.open === false) return 'job_closed';
  if (candidate.withdrawn === true) return 'candidate_withdrawn';
  if (candidate.hasEmail === false) return 'no_email';
  return undefined;
}

/** Mappings of `jobId`, one per interview (a repeated entry for the same interview counts once). */
function mappingsOfJob(mappings: readonly TriggerMapping[], jobId: string): TriggerMapping[] {
  const byInterview = new Map<string, TriggerMapping>();
  for (const mapping of mappings) {
    if (mapping.jobId === jobId && !byInterview.has(mapping.interviewId)) byInterview.set(mapping.interviewId, mapping);
  }
  return [...byInterview.values()];
}

interface RequestParts {
  tenantId: string;
  interviewId: string;
  candidateId: string;
  jobId: string;
  trigger: Stage;
  reason: InviteRequestedEvent['data']['reason'];
  metadata: NewMetadata;
}

function request({ tenantId, interviewId, candidateId, jobId, trigger, reason, metadata }: RequestParts): RequestInviteDecision {
  return {
    kind: 'request',
    interviewId,
    candidateId,
    jobId,
    stream: streams.invite(tenantId, interviewId, candidateId),
    event: createEvent('InviteRequested', { interviewId, candidateId, jobId, trigger: { ...trigger }, reason }, metadata),
  };
}

/**
 * Decides, for one observed move, one thing per interview mapped to the move's job: request an
 * invite, or skip with the reason. A job with no mapping gives no decision at all.
 *
 * The move itself is judged, not where the candidate is now: a move into the stage and out again
 * between two polls (reported by the audit feed or the status history) still requests the invite.
 *
 * Only a move made after the mapping was applied is `stage_entered`. A candidate who was already in
 * the stage (a `changedOn` before `appliedAt`, or a `poll`, which does not know when the move
 * happened) is the backfill's: requested as `backfill` when the mapping asks for it and the
 * observation reads the current stage (not an `audit` move of the past), since candidates of stages
 * never polled before the mapping are first seen after it, when {@link decideBackfill} has already run.
 *
 * For each interview, the first reason that holds wins: `not_trigger_stage` (the move is into
 * another stage, or happened after the job was disconnected from the interview),
 * `moved_before_mapping_applied` (already there, see above), `mapping_removed` (the move was made while mapped, but the
 * job has been disconnected since), then `grant_lost`, `job_closed`, `candidate_withdrawn`, `no_email`.
 * Unknown facts are no reason to skip: invite-dispatcher still records `InviteFailed` (`no_email`)
 * for a candidate whose email turns out to be missing.
 */
export function decideStageMove(input: StageMoveInput): TriggerDecision[] {
  const { observation, decidedAt } = input;
  const { candidateId, jobId, to, changedOn, source } = observation.data;
  const tenantId = observation.metadata.tenantId;
  const facts = factsSkipReason(input.grant, input.job, input.candidate);
  const metadata: NewMetadata = {
    tenantId,
    correlationId: observation.metadata.correlationId,
    causationId: observation.eventId,
    observedAt: decidedAt,
  };
  return mappingsOfJob(input.mappings, jobId).map((mapping): TriggerDecision => {
    const skip = (reason: TriggerSkipReason): SkipDecision => ({ kind: 'skip', interviewId: mapping.interviewId, candidateId, jobId, stage: to, reason });
    const removedAt = mapping.removedAt;
    if (!isTriggerStage(mapping, to)) return skip('not_trigger_stage');
    if (removedAt !== undefined && !before(changedOn, removedAt)) return skip('not_trigger_stage');
    const alreadyThere = !moveTimeKnown(source) || before(changedOn, mapping.appliedAt);
    // Already in the stage when the mapping was applied, seen only now (the polls list mapped stages
    // only): the backfill's to invite, when it is on and the observation says where the candidate is now.
    if (alreadyThere && !(mapping.backfill && tellsCurrentStage(source))) return skip('moved_before_mapping_applied');
    if (removedAt !== undefined) return skip('mapping_removed');
    if (facts) return skip(facts);
    return request({ tenantId, interviewId: mapping.interviewId, candidateId, jobId, trigger: to, reason: alreadyThere ? 'backfill' : 'stage_entered', metadata });
  });
}

/** A candidate found in a trigger stage of the mapping's job when the mapping was applied. */
export interface CandidateInStage {
  candidateId: string;
  stage: Stage;
  /** When the candidate entered the stage (ISO 8601). */
  changedOn: string;
  facts: CandidateFacts;
}

export interface BackfillInput {
  tenantId: string;
  mapping: TriggerMapping;
  /** The candidates currently in the mapping's job, in any stage (those in other stages are passed over). */
  candidates: readonly CandidateInStage[];
  job: JobFacts;
  grant: GrantState;
  /** The mapping event's id and correlation: the requests' causation. */
  causationId: string;
  correlationId: string;
  decidedAt: string;
}

/**
 * Decides for the candidates already in a trigger stage when a mapping is applied. Those who entered
 * the stage before `appliedAt` are invited only when the mapping asked for it (`backfill`), otherwise
 * skipped as `moved_before_mapping_applied`. Those who entered it at or after `appliedAt` are requested
 * whatever the flag, as `stage_entered`: their move may have been judged before the mapping was known
 * (observations and mappings travel on different topics), and asking twice costs nothing since the
 * request is appended with expected revision "no stream". A removed mapping backfills nothing.
 */
export function decideBackfill(input: BackfillInput): TriggerDecision[] {
  const { mapping, tenantId } = input;
  if (mapping.removedAt !== undefined) return [];
  const metadata: NewMetadata = { tenantId, correlationId: input.correlationId, causationId: input.causationId, observedAt: input.decidedAt };
  const decisions: TriggerDecision[] = [];
  const seen = new Set<string>();
  for (const candidate of input.candidates) {
    if (!isTriggerStage(mapping, candidate.stage) || seen.has(candidate.candidateId)) continue;
    seen.add(candidate.candidateId);
    const base = { interviewId: mapping.interviewId, candidateId: candidate.candidateId, jobId: mapping.jobId };
    const movedBefore = before(candidate.changedOn, mapping.appliedAt);
    const reason = movedBefore && !mapping.backfill ? 'moved_before_mapping_applied' : factsSkipReason(input.grant, input.job, candidate.facts);
    if (reason) {
      decisions.push({ kind: 'skip', ...base, stage: candidate.stage, reason });
      continue;
    }
    decisions.push(request({ ...base, tenantId, trigger: candidate.stage, reason: movedBefore ? 'backfill' : 'stage_entered', metadata }));
  }
  return decisions;
}
