import type { Grant } from '../oauth/grants';

/** Hono variables set by the auth middleware for every API route. */
export interface SandboxEnv {
  Variables: { grant: Grant };
}
