import { z } from 'zod';
import { adapterConfigSchema } from '@srw/runtime';

const port = z.coerce.number().int().min(0).max(65_535);

/** Every setting has a default, so `npm start` needs none; real servers are used where their URLs are set. */
export const allInOneConfigSchema = adapterConfigSchema.extend({
  PORT: port.default(3000),
  SR_SANDBOX_PORT: port.default(4010),
  WILLO_SANDBOX_PORT: port.default(4020),
  SR_SANDBOX_JOBS: z.coerce.number().int().min(0).default(200),
  SR_SANDBOX_CANDIDATES: z.coerce.number().int().min(0).default(2_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type AllInOneConfig = z.infer<typeof allInOneConfigSchema>;
