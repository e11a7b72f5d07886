import { z } from 'zod';
import { applicationStatus, srDate } from './common';

/**
 * `JobApplication` of the Job Applications API (`GET /job-applications/{jobApplicationId}`), field for
 * field: nothing is required by the spec. `profileId` is the candidate's id (SR calls a candidate a
 * profile there; API-NOTES §6), `sourceIdentifier` the application's source.
 */
export const jobApplication = z.object({
  status: applicationStatus.optional(),
  subStatus: z.string().optional(),
  sourceIdentifier: z.string().optional(),
  createDate: srDate.optional(),
  profileId: z.string().optional(),
  jobId: z.string().optional(),
});
export type JobApplication = z.infer<typeof jobApplication>;
