import { z } from 'zod';
import { srDate } from './common';

export const auditEvent = z.object({
  id: z.string(),
  eventName: z.string(),
  eventDate: srDate,
  authorType: z.string().optional(),
  authorId: z.string().optional(),
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  /** For JOB_APPLICATION_STATE_MODIFIED: currentStatus, currentStep?, previousStatus, previousStep?. */
  context: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditEventsPage = z.object({ limit: z.number().int().optional(), nextPageId: z.string().optional(), content: z.array(auditEvent) });
