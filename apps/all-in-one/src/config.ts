import { z } from 'zod';
import { portSetting, serviceConfigSchema } from '@srw/runtime';

/** Every setting has a default, so `npm start` needs none; real servers are used where their URLs are set. */
export const allInOneConfigSchema = serviceConfigSchema.extend({
  SR_SANDBOX_PORT: portSetting.default(4010),
  WILLO_SANDBOX_PORT: portSetting.default(4020),
  SR_SANDBOX_JOBS: z.coerce.number().int().min(0).default(200),
  SR_SANDBOX_CANDIDATES: z.coerce.number().int().min(0).default(2_000),
});
export type AllInOneConfig = z.infer<typeof allInOneConfigSchema>;
