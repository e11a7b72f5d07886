import { z } from 'zod';

const steps = z.array(z.string()).optional();

/** `HiringProcess`: nothing required by the spec. */
export const hiringProcess = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  active: z.boolean().optional(),
  subStatuses: z.object({ IN_REVIEW: steps, INTERVIEW: steps, OFFERED: steps }).optional(),
});
export type HiringProcess = z.infer<typeof hiringProcess>;

export const hiringProcesses = z.object({ totalFound: z.number().int(), content: z.array(hiringProcess) });
