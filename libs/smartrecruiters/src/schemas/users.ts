import { z } from 'zod';
import { openEnum } from '@srw/http-kit';
import { srDate } from './common';

export const userRoles = ['EMPLOYEE', 'RESTRICTED', 'STANDARD', 'EXTENDED', 'ADMINISTRATOR'] as const;
export type KnownUserRole = (typeof userRoles)[number];

/** `UserEntity` / `UserListItem`: the spec requires `firstName`, `lastName` and `role`, not `id`. */
export const user = z.object({
  // Optional in the spec; `UsersApi.get` fills it from the id it asked for.
  id: z.string().optional(),
  email: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  role: openEnum(userRoles),
  active: z.boolean().optional(),
  updatedOn: srDate.optional(),
});
export type SrUser = z.infer<typeof user>;

/** `Users`: nothing required by the spec; a page without `content` reads as an empty page. */
export const usersPage = z.object({
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  totalFound: z.number().int().optional(),
  nextPageId: z.string().optional(),
  content: z.array(user).default([]),
});
