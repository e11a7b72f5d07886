import { z } from 'zod';

/** Carried by every event: who it belongs to, what caused it, and when it was observed. */
export const eventMetadataSchema = z.object({
  tenantId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  /**
   * W3C trace context of the operation that appended the event (`appendEvents` records the active
   * one): the relay and every consumer continue this trace. Kept as plain strings: a malformed value
   * is ignored by the propagator, never a reason to refuse an event.
   */
  traceparent: z.string().optional(),
  /** The W3C `tracestate` that came with `traceparent`, when there was one. */
  tracestate: z.string().optional(),
  observedAt: z.iso.datetime({ offset: true }),
  /** The version of the event's data schema, see `eventRegistry`. */
  schemaVersion: z.number().int().positive(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export const isoDateTime = z.iso.datetime({ offset: true });
