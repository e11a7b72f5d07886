import { serviceConfigSchema } from '@srw/runtime';
import { z } from 'zod';

/**
 * What every service reads (adapters, port, logging: its read models live in the read store,
 * `MONGODB_URL`; its input comes from the bus, `KAFKA_BROKERS`), and one key of its own.
 */
export const stageProjectorConfigSchema = serviceConfigSchema.extend({
  /**
   * Prefix of its consumer groups (`<prefix>.integration`, `<prefix>.observations`, `<prefix>.mapping`, `<prefix>.invite`). Every replica
   * of one deployment shares it; a second deployment on the same cluster (a test run, a read-model
   * rebuild beside the live one) needs its own, or the two would split the partitions between them.
   */
  STAGE_PROJECTOR_GROUP_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('stage-projector'),
});
export type StageProjectorConfig = z.output<typeof stageProjectorConfigSchema>;
