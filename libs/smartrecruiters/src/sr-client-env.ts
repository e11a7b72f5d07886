import { z } from 'zod';
import { defaultSrSettings } from './sr-settings';

/**
 * The SR client settings an app reads from its environment. `SR_REQUESTS_PER_SECOND` is SR's
 * documented budget per credential (10) unless SR grants a tenant more; tests against the sandbox
 * with its limit lifted raise it (there one SR company stands for every tenant, so each sees every move).
 */
export const srClientEnv = {
  SR_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000).default(defaultSrSettings.requestsPerSecond),
};
