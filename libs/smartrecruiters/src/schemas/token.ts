import { z } from 'zod';

/** RFC 6749 token response. `expires_in` in seconds is unconfirmed for SR (API-NOTES §10.2). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // Some servers send it as a numeric string; accepted rather than failing every refresh.
  expires_in: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().positive()).optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
export type TokenResponseBody = z.infer<typeof tokenResponse>;

export const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
