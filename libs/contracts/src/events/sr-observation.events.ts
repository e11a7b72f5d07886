import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';
import { isoDateTime } from '../metadata';

/** SR's application status with its optional sub-status (a hiring-process step within the status). */
export const stageSchema = z.object({ status: z.string().min(1), subStatus: z.string().min(1).nullable() });
export type Stage = z.infer<typeof stageSchema>;

/** SHA-256 (hex) of the canonical observed content: an observation is appended only when it changes. */
const contentHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256');

export const JobObserved = defineEvent(
  'JobObserved',
  1,
  z.object({
    jobId: z.string().min(1),
    snapshot: z.object({
      title: z.string(),
      refNumber: z.string().nullable(),
      status: z.string(),
      postingStatus: z.string().nullable(),
      department: z.string().nullable(),
      location: z.string().nullable(),
      createdOn: isoDateTime.nullable(),
      updatedOn: isoDateTime,
    }),
    contentHash,
  }),
);

export const JobStagesObserved = defineEvent(
  'JobStagesObserved',
  1,
  z.object({
    jobId: z.string().min(1),
    stages: z.array(stageSchema.extend({ label: z.string(), order: z.number().int().nonnegative() })),
    contentHash,
  }),
);

export const observationSources = ['webhook', 'audit', 'history', 'poll'] as const;

export const ApplicationStageObserved = defineEvent(
  'ApplicationStageObserved',
  1,
  z.object({
    candidateId: z.string().min(1),
    jobId: z.string().min(1),
    /** Null when the observation does not know the previous stage (first poll). */
    from: stageSchema.nullable(),
    to: stageSchema,
    changedOn: isoDateTime,
    source: z.enum(observationSources),
  }),
);

/** Profile fields needed for invites. PII: lives only in `srCandidate` streams. */
export const CandidateObserved = defineEvent(
  'CandidateObserved',
  1,
  z.object({
    candidateId: z.string().min(1),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    updatedOn: isoDateTime,
    contentHash,
  }),
);

export const srJobEvents = [JobObserved, JobStagesObserved] as const;
export const srApplicationEvents = [ApplicationStageObserved] as const;
export const srCandidateEvents = [CandidateObserved] as const;
export type SrJobEvent = EventOf<(typeof srJobEvents)[number]>;
export type SrApplicationEvent = EventOf<(typeof srApplicationEvents)[number]>;
export type SrCandidateEvent = EventOf<(typeof srCandidateEvents)[number]>;
