import type { EventMessage, Stage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface MappingJobView {
  jobId: string;
  triggerStages: Stage[];
  backfill: boolean;
}

export interface MappingView {
  interviewId: string;
  /** The revision of the `interviewMapping` stream's last event applied: the `If-Match` a change must name. */
  revision: number;
  /** In the order the jobs were first connected. */
  jobs: MappingJobView[];
  appliedBy: string | null;
  appliedAt: string | null;
}

export const mappingsCollection = {
  name: 'mappings',
  // Read by interview id (the document id).
  indexes: [],
} as const;

function evolve(current: MappingView | undefined, event: EventMessage): MappingView | undefined {
  const view: MappingView = current ?? { interviewId: '', revision: 0, jobs: [], appliedBy: null, appliedAt: null };
  switch (event.type) {
    case 'InterviewJobsConnected': {
      const jobs = [...view.jobs];
      for (const { jobId, triggerStages, backfill } of event.data.jobs) {
        const at = jobs.findIndex((job) => job.jobId === jobId);
        if (at >= 0) jobs[at] = { jobId, triggerStages, backfill };
        else jobs.push({ jobId, triggerStages, backfill });
      }
      return { interviewId: event.data.interviewId, revision: event.revision, jobs, appliedBy: event.data.appliedBy, appliedAt: event.metadata.observedAt };
    }
    case 'InterviewJobDisconnected': {
      const jobs = view.jobs.filter((job) => job.jobId !== event.data.jobId);
      // A mapping without jobs is no mapping: the interview is free again.
      if (jobs.length === 0) return undefined;
      return { ...view, interviewId: event.data.interviewId, revision: event.revision, jobs, appliedBy: event.data.disconnectedBy, appliedAt: event.metadata.observedAt };
    }
    default:
      return current;
  }
}

/** One document per tenant and interview (its id is the interview id): the jobs and trigger stages that invite to it. */
export const mappingsProjection: ReadModelProjection<MappingView> = {
  collection: mappingsCollection,
  documentIdOf: (event) =>
    event.type === 'InterviewJobsConnected' || event.type === 'InterviewJobDisconnected' ? event.data.interviewId : undefined,
  evolve,
};
