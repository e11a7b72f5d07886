import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

/** The embedded mode's settings; every one has a default, so `npm start` needs none. */
export const embeddedConfigSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: port.default(3000),
  SR_SANDBOX_PORT: port.default(4010),
  WILLO_SANDBOX_PORT: port.default(4020),
  SR_SANDBOX_JOBS: z.coerce.number().int().min(0).default(200),
  SR_SANDBOX_CANDIDATES: z.coerce.number().int().min(0).default(2_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type EmbeddedConfig = z.infer<typeof embeddedConfigSchema>;
