import { serviceConfigSchema } from '@srw/runtime';
import { z } from 'zod';

/**
 * config-api's environment: where connector-auth is and the token of its internal endpoints, and
 * the JWT settings of the Willo frontend's tokens (HS256 here until the platform library's
 * middleware, which adds JWKS, takes over).
 */
export const configApiConfigSchema = serviceConfigSchema.extend({
  /** connector-auth's base URL, for enable and disconnect. */
  CONNECTOR_AUTH_URL: z.url(),
  /** The bearer token connector-auth's internal endpoints accept (at least 32 characters). */
  INTERNAL_SERVICE_TOKEN: z.string().min(32),
  /** The HS256 secret the Willo frontend's tokens are signed with (at least 32 characters). */
  JWT_SECRET: z.string().min(32),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  /** How far the token's clock may be off ours (exp, nbf, iat). */
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});
export type ConfigApiConfig = z.output<typeof configApiConfigSchema>;
