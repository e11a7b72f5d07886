import { openEnum } from '@srw/http-kit';
import { z } from 'zod';

/** SR dates: ISO-8601 `yyyy-MM-ddTHH:mm:ss.SSSZZ` (API-NOTES §3); kept as strings. */
export const srDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');

export const action = z.object({ url: z.string(), method: z.string() });

export const idLabel = z.object({ id: z.string(), label: z.string().optional() });

/** `CandidateStatusEnum` / `JobApplicationStatus` as of the spec (API-NOTES §6). */
export const applicationStatuses = ['LEAD', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN', 'TRANSFERRED'] as const;
export type KnownApplicationStatus = (typeof applicationStatuses)[number];
/** An application status we send (filters): only the known values. */
export type ApplicationStatus = KnownApplicationStatus;
/** An application status SR answers: a known value or one SR added later. */
export const applicationStatus = openEnum(applicationStatuses);
export type SrApplicationStatus = z.infer<typeof applicationStatus>;

/** SR's `ErrorResponse`; parsed leniently because it only decorates an error we raise anyway. */
export const errorResponse = z.object({
  message: z.string().optional(),
  errors: z.array(z.object({ code: z.string(), message: z.string().optional() })).optional(),
});
export type SrErrorResponse = z.infer<typeof errorResponse>;
