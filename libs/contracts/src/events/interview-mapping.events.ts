import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';
import { stageSchema } from './sr-observation.events';

export const jobConnectionSchema = z.object({
  jobId: z.string().min(1),
  triggerStages: z.array(stageSchema).min(1),
  /** Also invite candidates already in a trigger stage when the mapping is applied. */
  backfill: z.boolean(),
});

export const InterviewJobsConnected = defineEvent(
  'InterviewJobsConnected',
  1,
  z.object({ interviewId: z.string().min(1), jobs: z.array(jobConnectionSchema).min(1), appliedBy: z.string().min(1) }),
);

export const InterviewJobDisconnected = defineEvent(
  'InterviewJobDisconnected',
  1,
  z.object({ interviewId: z.string().min(1), jobId: z.string().min(1), disconnectedBy: z.string().min(1) }),
);

export const interviewMappingEvents = [InterviewJobsConnected, InterviewJobDisconnected] as const;
export type InterviewMappingEvent = EventOf<(typeof interviewMappingEvents)[number]>;
