import { topicForCategory, topics, type Category } from '@srw/contracts';
import { ATTR_EVENT_TYPE, ATTR_REASON, ATTR_TENANT_ID, srwMetrics } from '@srw/observability';

interface Appended {
  type: string;
  data: unknown;
  metadata: { tenantId: string };
}

/**
 * Counts what an append recorded: SR observations, and the invites and notes whose outcome is an
 * event (so each is counted where it becomes a fact, once, whichever app or retry appended it).
 */
export function countAppended(category: Category, events: readonly Appended[]): void {
  const metrics = srwMetrics();
  const observations = topicForCategory(category) === topics.observations;
  for (const { type, data, metadata } of events) {
    const tenant = { [ATTR_TENANT_ID]: metadata.tenantId };
    if (observations) metrics.observationsAppended.add(1, { ...tenant, [ATTR_EVENT_TYPE]: type });
    else if (type === 'InviteSent') metrics.invitesSent.add(1, tenant);
    else if (type === 'InviteFailed') metrics.invitesFailed.add(1, { ...tenant, [ATTR_REASON]: reasonOf(data) });
    else if (type === 'NoteWritten') metrics.notesWritten.add(1, tenant);
    else if (type === 'NoteWriteFailed') metrics.notesFailed.add(1, { ...tenant, [ATTR_REASON]: reasonOf(data) });
  }
}

const reasonOf = (data: unknown): string => {
  const reason = typeof data === 'object' && data !== null ? (data as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' ? reason : 'unknown';
};
