import { z } from 'zod';

/** SR dates: ISO-8601 `yyyy-MM-ddTHH:mm:ss.SSSZZ` (API-NOTES §3); kept as strings. */
export const srDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');

export const action = z.object({ url: z.string(), method: z.string() });

export const idLabel = z.object({ id: z.string(), label: z.string().optional() });

export const applicationStatus = z.enum([
  'LEAD',
  'NEW',
  'IN_REVIEW',
  'INTERVIEW',
  'OFFERED',
  'HIRED',
  'REJECTED',
  'WITHDRAWN',
  'TRANSFERRED',
]);
export type ApplicationStatus = z.infer<typeof applicationStatus>;

/** SR's `ErrorResponse`; parsed leniently because it only decorates an error we raise anyway. */
export const errorResponse = z.object({
  message: z.string().optional(),
  errors: z.array(z.object({ code: z.string(), message: z.string().optional() })).optional(),
});
export type SrErrorResponse = z.infer<typeof errorResponse>;
