import type { InterviewMappingEvent, Stage } from '@srw/contracts';

export type { InterviewMappingEvent };

export interface MappedJob {
  jobId: string;
  triggerStages: Stage[];
  backfill: boolean;
}

export interface InterviewMappingState {
  /** The connected jobs, in the order they were first connected. */
  jobs: MappedJob[];
  /**
   * The stream revision of the last event (0-based), undefined for no events: what an `If-Match`
   * must name. Every event of the stream is one of ours, so counting them gives the stream's revision.
   */
  revision: number | undefined;
}

export const initialInterviewMappingState = (): InterviewMappingState => ({ jobs: [], revision: undefined });

const nextRevision = (state: InterviewMappingState) => (state.revision === undefined ? 0 : state.revision + 1);

export function evolveInterviewMapping(state: InterviewMappingState, event: InterviewMappingEvent): InterviewMappingState {
  switch (event.type) {
    case 'InterviewJobsConnected': {
      const jobs = [...state.jobs];
      for (const connection of event.data.jobs) {
        const next = { jobId: connection.jobId, triggerStages: connection.triggerStages, backfill: connection.backfill };
        const at = jobs.findIndex((job) => job.jobId === connection.jobId);
        if (at >= 0) jobs[at] = next;
        else jobs.push(next);
      }
      return { jobs, revision: nextRevision(state) };
    }
    case 'InterviewJobDisconnected':
      return { jobs: state.jobs.filter((job) => job.jobId !== event.data.jobId), revision: nextRevision(state) };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
