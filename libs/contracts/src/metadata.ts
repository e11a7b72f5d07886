import { z } from 'zod';

/** Carried by every event: who it belongs to, what caused it, and when it was observed. */
export const eventMetadataSchema = z.object({
  tenantId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  /** W3C trace context of the operation that appended the event, when one was active. */
  traceparent: z.string().optional(),
  observedAt: z.iso.datetime({ offset: true }),
  /** The version of the event's data schema, see `eventRegistry`. */
  schemaVersion: z.number().int().positive(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export const isoDateTime = z.iso.datetime({ offset: true });
