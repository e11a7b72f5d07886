import type { EventMessage, Stage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface TriggerView {
  interviewId: string;
  jobId: string;
  /** The stages of the job whose entry invites to the interview. */
  triggerStages: Stage[];
  backfill: boolean;
  /** When the connection was applied: only moves after it invite (ARCHITECTURE §8). */
  since: string;
}

/**
 * One document per tenant, job and interview: the trigger policy finds a job's triggers by the
 * indexed job id (a job has a handful of interviews) and matches the stage among them.
 */
export const triggersCollection = {
  name: 'triggers',
  indexes: [{ fields: ['jobId'] }],
} as const;

/** The id of the trigger document of one job of one interview. */
export const triggerIdOf = (jobId: string, interviewId: string) => `${jobId}:${interviewId}`;

/** Whether an application that entered `stage` triggers this interview. */
export function triggersOn(trigger: TriggerView, stage: Stage): boolean {
  return trigger.triggerStages.some((s) => s.status === stage.status && (s.subStatus ?? null) === (stage.subStatus ?? null));
}

function evolve(current: TriggerView | undefined, event: EventMessage, documentId: string): TriggerView | undefined {
  switch (event.type) {
    case 'InterviewJobsConnected': {
      const job = event.data.jobs.find((j) => triggerIdOf(j.jobId, event.data.interviewId) === documentId);
      if (!job) return current;
      return { interviewId: event.data.interviewId, jobId: job.jobId, triggerStages: job.triggerStages, backfill: job.backfill, since: event.metadata.observedAt };
    }
    case 'InterviewJobDisconnected':
      return undefined;
    default:
      return current;
  }
}

/** tenant:job → interviews with their trigger stages (ARCHITECTURE §6 `triggers`). */
export const triggersProjection: ReadModelProjection<TriggerView> = {
  collection: triggersCollection,
  documentIdOf: (event) => {
    if (event.type === 'InterviewJobsConnected') return event.data.jobs.map((job) => triggerIdOf(job.jobId, event.data.interviewId));
    if (event.type === 'InterviewJobDisconnected') return triggerIdOf(event.data.jobId, event.data.interviewId);
    return undefined;
  },
  evolve,
};
