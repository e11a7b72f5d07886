import { serviceConfigSchema } from '@srw/runtime';
import type { z } from 'zod';

/**
 * The stage-projector needs only what every service reads (adapters, port, logging): its read models
 * live in the read store (`MONGODB_URL`), its input comes from the bus (`KAFKA_BROKERS`).
 */
export const stageProjectorConfigSchema = serviceConfigSchema;
export type StageProjectorConfig = z.output<typeof stageProjectorConfigSchema>;
