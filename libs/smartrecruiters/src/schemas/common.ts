import { z } from 'zod';

/** SR dates: ISO-8601 `yyyy-MM-ddTHH:mm:ss.SSSZZ` (API-NOTES §3); kept as strings. */
export const srDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');

/**
 * A value of an SR enum as read from a response: one of the `Known` values, or a value SR added
 * later, kept as the string it sent. `(string & {})` keeps editor completion for the known values.
 */
export type OpenEnum<Known extends string> = Known | (string & {});

/**
 * Response schema of an SR enum that stays open: any string parses (so a value SR adds later never
 * fails a whole page), typed as {@link OpenEnum} of `known`. A non-string still fails, naming the
 * field. Requests (query parameters, bodies) use the closed `Known...` unions instead.
 */
export function openEnum<const Known extends readonly [string, ...string[]]>(known: Known): z.ZodType<OpenEnum<Known[number]>, string> {
  return z.string().describe(`one of ${known.join(', ')} or a value SR added later`) as z.ZodType<OpenEnum<Known[number]>, string>;
}

/** Whether `value` of an open enum is one of the values we know (e.g. to branch on it safely). */
export function isKnown<const Known extends readonly string[]>(known: Known, value: string | undefined): value is Known[number] {
  return value !== undefined && (known as readonly string[]).includes(value);
}

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
