import type { z } from 'zod';
import { StartupError } from './startup-error';

/**
 * Parses the environment once, at start-up, and fails listing every bad key at once (not the first
 * one only), so a misconfigured deployment is fixed in one round.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, service: string): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new StartupError(`${service}: invalid configuration\n${problems.join('\n')}`);
}
