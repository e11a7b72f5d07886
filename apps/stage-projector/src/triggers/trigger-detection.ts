import { type EventByType, type EventMessage } from '@srw/contracts';
import {
  decideBackfill,
  decideStageMove,
  grantStateOf,
  srApplicationIsWithdrawn,
  srJobIsOpen,
  type CandidateInStage,
  type GrantState,
  type JobFacts,
  type RequestInviteDecision,
  type SkipDecision,
  type TriggerDecision,
} from '@srw/domain';
import { ConcurrencyError } from '@srw/errors';
import { eventIdFor, type EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import { applicationId, inviteSkipEntry, type ReadModels } from '@srw/projections';
import type { ReadCollection } from '@srw/read-store';
import { appendEvents } from '@srw/runtime';
import { inviteSkipId, unrecordedSkipReasons, type InviteSkipView } from './invite-skips';
import type { MappingCatalogue } from './mapping-catalogue';

/** Time comes in: epoch milliseconds. */
export interface TriggerClock {
  now(): number;
}

export interface TriggerDetectionPorts {
  eventStore: EventStore;
  mappings: MappingCatalogue;
  readModels: () => Promise<ReadModels>;
  skips: () => Promise<ReadCollection<InviteSkipView>>;
  logger?: Logger | undefined;
}

/** What trigger detection did since it started: a duplicate request is `alreadyRequested`, never a second invite. */
export interface TriggerCounts {
  requested: number;
  alreadyRequested: number;
  skipped: number;
}

export interface TriggerDetection {
  readonly counts: Readonly<TriggerCounts>;
  /** Runs the trigger policy on an `ApplicationStageObserved` (other events are passed over). */
  onObservation(message: EventMessage): Promise<void>;
  /** Runs the backfill on an `InterviewJobsConnected` (other events are passed over). */
  onMappingEvent(message: EventMessage): Promise<void>;
}

/**
 * Runs the trigger policy (`@srw/domain`) with the facts the read models hold, appends each
 * `InviteRequested` with expected revision "no stream", and writes each skip to `inviteSkips` and the
 * `activity` timeline.
 *
 * Exactly one request per interview and candidate: a second request of the same pair (a duplicate
 * observation, the poll after the webhook, a backfill after the live move, a redelivery, a replay)
 * finds the stream, or fails the append with a `ConcurrencyError` when it races the first: both are
 * counted as `alreadyRequested`. A redelivery racing its own first delivery repeats the same event id
 * (from the stream and the observation), which the store takes as a no-op. Whatever else fails (the
 * store down) throws, for the bus to redeliver the message.
 *
 * Unknown facts do not skip: the candidate's email is sealed in `srCandidate` streams (the projector
 * holds no key), so a missing email is found, and recorded as `InviteFailed`, by invite-dispatcher.
 */
export function createTriggerDetection(ports: TriggerDetectionPorts, clock: TriggerClock): TriggerDetection {
  const { eventStore, mappings, logger } = ports;
  const counts: TriggerCounts = { requested: 0, alreadyRequested: 0, skipped: 0 };

  const alreadyRequested = (stream: string, causationId: string) => {
    counts.alreadyRequested++;
    logger?.debug('invite already requested', { stream, causationId });
  };

  async function request(decision: RequestInviteDecision): Promise<void> {
    const { stream, event } = decision;
    const causationId = event.metadata.causationId;
    // Only to count truly: the append's "no stream" is the guarantee, and a redelivered observation
    // that slips past this read repeats the same event id, which the store takes as a no-op.
    if ((await eventStore.readStream(stream, { maxCount: 1 })).length > 0) return alreadyRequested(stream, causationId);
    try {
      await appendEvents(eventStore, stream, [{ event, id: eventIdFor(stream, 'InviteRequested', causationId) }], { expectedRevision: 'no_stream' });
    } catch (error) {
      if (error instanceof ConcurrencyError) return alreadyRequested(stream, causationId);
      throw error;
    }
    counts.requested++;
    logger?.info('invite requested', { stream, reason: event.data.reason, causationId });
  }

  async function recordSkip(tenantId: string, skip: SkipDecision, source: EventMessage, decidedOn: InviteSkipView['decidedOn']): Promise<void> {
    counts.skipped++;
    if (unrecordedSkipReasons.has(skip.reason)) return;
    const view: InviteSkipView = {
      interviewId: skip.interviewId,
      candidateId: skip.candidateId,
      jobId: skip.jobId,
      status: skip.stage.status,
      subStatus: skip.stage.subStatus,
      reason: skip.reason,
      decidedOn,
      causationId: source.id,
      observedAt: source.metadata.observedAt,
    };
    await (await ports.skips()).upsert(tenantId, inviteSkipId(skip.interviewId, skip.candidateId, source.id), view, source.position);
    // The timeline shows it too, where the move happened: no event records a skip, so the activity
    // projection cannot; this decision is its only writer, at the position decided on (idempotent).
    const entry = inviteSkipEntry({ source, interviewId: skip.interviewId, candidateId: skip.candidateId, jobId: skip.jobId, stage: skip.stage, reason: skip.reason });
    await (await ports.readModels()).collections.activity.upsert(tenantId, entry.id, entry.view, source.position);
  }

  async function carryOut(tenantId: string, decisions: TriggerDecision[], source: EventMessage, decidedOn: InviteSkipView['decidedOn']) {
    for (const decision of decisions) {
      if (decision.kind === 'request') await request(decision);
      else await recordSkip(tenantId, decision, source, decidedOn);
    }
  }

  async function tenantFacts(tenantId: string, jobId: string): Promise<{ grant: GrantState; job: JobFacts }> {
    const { collections } = await ports.readModels();
    const [integration, job] = await Promise.all([collections.integrations.get(tenantId, tenantId), collections.jobs.get(tenantId, jobId)]);
    return { grant: grantStateOf(integration?.data.connection), job: { open: job ? srJobIsOpen(job.data.status) : undefined } };
  }

  return {
    counts,

    async onObservation(message) {
      if (message.type !== 'ApplicationStageObserved') return;
      const tenantId = message.metadata.tenantId;
      const { candidateId, jobId } = message.data;
      const jobMappings = await mappings.mappingsOf(tenantId, jobId, message);
      if (jobMappings.length === 0) return;
      const { collections } = await ports.readModels();
      const [facts, application] = await Promise.all([tenantFacts(tenantId, jobId), collections.applications.get(tenantId, applicationId(candidateId, jobId))]);
      const decisions = decideStageMove({
        observation: { eventId: message.id, data: message.data, metadata: message.metadata },
        mappings: jobMappings,
        candidate: { withdrawn: application ? srApplicationIsWithdrawn(application.data.status) : undefined },
        ...facts,
        decidedAt: new Date(clock.now()).toISOString(),
      });
      await carryOut(tenantId, decisions, message, 'observation');
    },

    async onMappingEvent(message) {
      if (message.type !== 'InterviewJobsConnected') return;
      const event = message as EventMessage & EventByType<'InterviewJobsConnected'>;
      const tenantId = event.metadata.tenantId;
      for (const { jobId } of event.data.jobs) {
        // The mapping as it stands now: if the job was disconnected since, nothing is backfilled.
        const mapping = (await mappings.mappingsOf(tenantId, jobId, event)).find((m) => m.interviewId === event.data.interviewId);
        if (!mapping) continue;
        const candidates = await candidatesInStages(await ports.readModels(), tenantId, jobId, mapping.triggerStages);
        const decisions = decideBackfill({
          tenantId,
          mapping,
          candidates,
          ...(await tenantFacts(tenantId, jobId)),
          causationId: event.id,
          correlationId: event.metadata.correlationId,
          decidedAt: new Date(clock.now()).toISOString(),
        });
        await carryOut(tenantId, decisions, event, 'backfill');
      }
    },
  };
}

/** Every candidate the `applications` read model holds in one of `stages` of the job, page by page. */
async function candidatesInStages(
  readModels: ReadModels,
  tenantId: string,
  jobId: string,
  stages: readonly { status: string; subStatus: string | null }[],
): Promise<CandidateInStage[]> {
  const found: CandidateInStage[] = [];
  for (const stage of stages) {
    let cursor: string | undefined;
    do {
      const page = await readModels.collections.applications.find(tenantId, {
        where: { jobId, status: stage.status, subStatus: stage.subStatus },
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      for (const { data } of page.items) {
        found.push({
          candidateId: data.candidateId,
          stage: { status: data.status, subStatus: data.subStatus },
          changedOn: data.changedOn,
          facts: { withdrawn: srApplicationIsWithdrawn(data.status) },
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return found;
}
