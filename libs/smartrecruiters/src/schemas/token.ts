import { z } from 'zod';

/** RFC 6749 token response. `expires_in` in seconds is unconfirmed for SR (API-NOTES §10.2). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
export type TokenResponseBody = z.infer<typeof tokenResponse>;

export const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
