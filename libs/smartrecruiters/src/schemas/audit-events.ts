import { z } from 'zod';
import { openEnum } from '@srw/http-kit';
import { srDate } from './common';

export const auditAuthorTypes = ['USER', 'SUPPORT_USER', 'SYSTEM'] as const;
export type KnownAuditAuthorType = (typeof auditAuthorTypes)[number];
export const auditEntityTypes = [
  'USER',
  'CANDIDATE',
  'APPLICATION',
  'OFFER',
  'JOB',
  'COMPANY',
  'JOB_PROPERTY',
  'JOB_AD',
  'CREDENTIAL',
  'REPORT_FILE',
  'ONBOARDING_PROCESS',
] as const;
export type KnownAuditEntityType = (typeof auditEntityTypes)[number];

/** Audit `Event`: nothing required by the spec (the feed pages by `nextPageId`, not by event id). */
export const auditEvent = z.object({
  id: z.string().optional(),
  /** Open-ended in the spec, e.g. `JOB_APPLICATION_STATE_MODIFIED`, `JOB_APPLICATION_CREATED`, `JOB_DELETED`. */
  eventName: z.string().optional(),
  eventDate: srDate.optional(),
  authorType: openEnum(auditAuthorTypes).optional(),
  authorId: z.string().optional(),
  entityType: openEnum(auditEntityTypes).optional(),
  entityId: z.string().optional(),
  /** For JOB_APPLICATION_STATE_MODIFIED: currentStatus, currentStep?, previousStatus, previousStep?. */
  context: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

/** `Events`: nothing required by the spec; a page without `content` reads as an empty page. */
export const auditEventsPage = z.object({ limit: z.number().int().optional(), nextPageId: z.string().optional(), content: z.array(auditEvent).default([]) });
