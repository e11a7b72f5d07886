import { z } from 'zod';

/** Letters, digits and `_ . : @ -`: what tenant and user ids look like, and nothing a log line or a key could be confused by. */
const callerId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'must be letters, digits or _ . : @ - (no spaces or control characters)');

/** Who is calling, as the verified token says: the only source of the tenant for every route. */
export const callerSchema = z.object({ tenantId: callerId, userId: callerId });
export type Caller = z.infer<typeof callerSchema>;

/** The Hono variables the authentication middleware sets: `c.var.caller`. */
export interface CallerVariables {
  caller: Caller;
}

/** A Hono `Env` whose routes read `c.var.caller`. */
export interface CallerEnv {
  Variables: CallerVariables;
}
