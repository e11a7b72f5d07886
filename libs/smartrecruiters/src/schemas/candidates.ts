import { z } from 'zod';
import { action, applicationStatus, idLabel, srDate } from './common';

/**
 * `Candidate` list item of `GET /candidates`. The spec requires `id`, `firstName`, `lastName`,
 * `createdOn` and, in `primaryAssignment`, `job.id` and `status`. Secondary assignments carry no
 * status (API-NOTES §5).
 */
export const candidateSummary = z.object({
  id: z.string().min(1),
  email: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  tags: z.array(z.string()).optional(),
  internal: z.boolean().optional(),
  createdOn: srDate,
  updatedOn: srDate.optional(),
  primaryAssignment: z
    .object({
      job: z.object({ id: z.string(), title: z.string().optional() }),
      status: applicationStatus,
      subStatus: z.string().optional(),
    })
    .optional(),
  secondaryAssignments: z.array(z.object({ job: z.object({ id: z.string() }) })).optional(),
});
export type CandidateSummary = z.infer<typeof candidateSummary>;

export const candidatesPage = z.object({
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  totalFound: z.number().int(),
  nextPageId: z.string().optional(),
  content: z.array(candidateSummary),
});

const assignment = {
  status: applicationStatus.optional(),
  subStatus: z.string().optional(),
  startsOn: srDate.optional(),
  source: z.string().optional(),
  reasonOfRejection: idLabel.optional(),
  reasonOfWithdrawal: idLabel.optional(),
};

const assignedJob = z
  .object({ id: z.string().optional(), title: z.string().optional(), job: z.object({ id: z.string(), title: z.string().optional() }).optional(), ...assignment })
  .refine((a) => a.id !== undefined || a.job !== undefined, 'an assignment names its job (id or job.id)');

/** `CandidateDetails` of `GET /candidates/{id}`: nothing required by the spec. */
export const candidateDetails = z.object({
  // Optional in the spec; `CandidatesApi.get` fills it from the id it asked for.
  id: z.string().min(1).optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  phoneNumber: z.string().optional(),
  tags: z.array(z.string()).optional(),
  createdOn: srDate.optional(),
  updatedOn: srDate.optional(),
  web: z.record(z.string(), z.string()).optional(),
  experience: z
    .array(z.object({ title: z.string().optional(), company: z.string().optional(), current: z.boolean().optional() }))
    .optional(),
  // The job of an assignment comes flat (`id`, `title`) and/or as `job` (merged spec, unconfirmed).
  primaryAssignment: assignedJob.optional(),
  secondaryAssignments: z.array(assignedJob).optional(),
});
export type CandidateDetails = Omit<z.infer<typeof candidateDetails>, 'id'> & { id: string };

/** `Application` of `GET /candidates/{id}/jobs/{jobId}`: nothing required by the spec, not even `status`. */
export const application = z.object({
  applicationId: z.string().optional(),
  candidateId: z.string().optional(),
  jobId: z.string().optional(),
  ...assignment,
  url: z.string().optional(),
  actions: z.object({ sourceDetails: action.optional() }).optional(),
});
export type Application = z.infer<typeof application>;

/** `CandidateStatusHistoryList`: nothing required by the spec; no `content` reads as no entries. */
export const statusHistory = z.object({
  totalFound: z.number().int().optional(),
  content: z.array(z.object({ changedOn: srDate.optional(), status: applicationStatus.optional(), subStatus: z.string().optional() })).default([]),
});
export type StatusHistory = z.infer<typeof statusHistory>;
