import { createEvent, type Stage } from '@srw/contracts';
import type { Command } from '../command';
import type { Decider } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import {
  evolveInterviewMapping,
  initialInterviewMappingState,
  type InterviewMappingEvent,
  type InterviewMappingState,
  type MappedJob,
} from './interview-mapping.events';

/**
 * `expectedRevision` is the revision the admin's change was made against (the `If-Match`): it is
 * required once the mapping has jobs, so that two admins never overwrite each other unknowingly.
 */
interface Preconditioned {
  interviewId: string;
  expectedRevision: number | undefined;
}

/** The dropdown's Apply: the whole list of jobs replaces the mapping. */
export type ApplyInterviewMapping = Command<'ApplyInterviewMapping', Preconditioned & { jobs: MappedJob[]; appliedBy: string }>;
/** Disconnects every job of the interview. */
export type RemoveInterviewMapping = Command<'RemoveInterviewMapping', Preconditioned & { removedBy: string }>;

export type InterviewMappingCommand = ApplyInterviewMapping | RemoveInterviewMapping;

const stageKey = (stage: Stage) => `${stage.status}\u0000${stage.subStatus ?? ''}`;

function sameConnection(a: MappedJob, b: MappedJob): boolean {
  if (a.backfill !== b.backfill || a.triggerStages.length !== b.triggerStages.length) return false;
  const stages = new Set(a.triggerStages.map(stageKey));
  return b.triggerStages.every((stage) => stages.has(stageKey(stage)));
}

/**
 * Checked only when the command would change something: a redelivered command (or the same list
 * applied again from a stale page) changes nothing and is not refused.
 */
function checkRevision(command: InterviewMappingCommand, state: InterviewMappingState): void {
  const { expectedRevision, interviewId } = command.data;
  if (expectedRevision === undefined) {
    if (state.jobs.length > 0) {
      throw new DomainRuleViolation('revision_required', `interview ${interviewId} already has a mapping: name the revision it was read at`);
    }
    return;
  }
  if (expectedRevision !== state.revision) {
    throw new DomainRuleViolation(
      'revision_mismatch',
      `interview ${interviewId}'s mapping is at revision ${state.revision ?? 'none'}, not ${expectedRevision}: it changed since it was read`,
    );
  }
}

function decideInterviewMapping(command: InterviewMappingCommand, state: InterviewMappingState): InterviewMappingEvent[] {
  const { metadata } = command;
  const { interviewId } = command.data;
  switch (command.type) {
    case 'ApplyInterviewMapping': {
      const { jobs, appliedBy } = command.data;
      const wanted = new Set(jobs.map((job) => job.jobId));
      const changed = jobs.filter((job) => {
        const current = state.jobs.find((held) => held.jobId === job.jobId);
        return !current || !sameConnection(current, job);
      });
      const dropped = state.jobs.filter((job) => !wanted.has(job.jobId));
      if (changed.length === 0 && dropped.length === 0) return [];
      checkRevision(command, state);
      return [
        ...(changed.length > 0 ? [createEvent('InterviewJobsConnected', { interviewId, jobs: changed, appliedBy }, metadata)] : []),
        ...dropped.map((job) => createEvent('InterviewJobDisconnected', { interviewId, jobId: job.jobId, disconnectedBy: appliedBy }, metadata)),
      ];
    }
    case 'RemoveInterviewMapping': {
      if (state.jobs.length === 0) return [];
      checkRevision(command, state);
      return state.jobs.map((job) =>
        createEvent('InterviewJobDisconnected', { interviewId, jobId: job.jobId, disconnectedBy: command.data.removedBy }, metadata),
      );
    }
    default: {
      const unknown: never = command;
      throw new TypeError(`unknown interview mapping command ${(unknown as { type: string }).type}`);
    }
  }
}

/** Which jobs (and trigger stages) invite candidates to one Willo interview: the `interviewMapping-{tenant}:{interviewId}` stream. */
export const interviewMappingDecider: Decider<InterviewMappingCommand, InterviewMappingEvent, InterviewMappingState> = {
  decide: decideInterviewMapping,
  evolve: evolveInterviewMapping,
  initialState: initialInterviewMappingState,
};
