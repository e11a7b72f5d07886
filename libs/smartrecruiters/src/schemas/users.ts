import { z } from 'zod';
import { srDate } from './common';

export const user = z.object({
  id: z.string(),
  email: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(['EMPLOYEE', 'RESTRICTED', 'STANDARD', 'EXTENDED', 'ADMINISTRATOR']),
  active: z.boolean().optional(),
  updatedOn: srDate.optional(),
});
export type SrUser = z.infer<typeof user>;

export const usersPage = z.object({
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  totalFound: z.number().int().optional(),
  nextPageId: z.string().optional(),
  content: z.array(user),
});
