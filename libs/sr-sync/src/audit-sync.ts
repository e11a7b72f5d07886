import type { AuditEvent } from '@srw/smartrecruiters';
import { count, prefetched, type RunContext } from './run-context';
import { isoDate, stageFromAudit } from './sr-mapping';

/**
 * The audit feed's cursor: events strictly after `after`, and SR's page id while a listing under
 * that filter is under way. Never null: a feed has no last page, the next cycle goes on from here.
 */
export interface AuditCursor {
  after: string;
  pageId?: string;
}

export const auditMoveEvent = 'JOB_APPLICATION_STATE_MODIFIED';

/**
 * `JOB_APPLICATION_STATE_MODIFIED` events since the cursor, each a move with its exact time and both
 * ends, appended as `ApplicationStageObserved` (source `audit`) when its application can be located.
 * The last checkpoint holds the cursor the next cycle starts from.
 */
export async function syncAuditFeed(context: RunContext, start: AuditCursor): Promise<void> {
  const resume = context.resumeAt('auditEvents');
  const cursor = resume?.cursor ? (JSON.parse(resume.cursor) as AuditCursor) : start;
  let done = resume?.done ?? 0;
  let newest = cursor.after;
  const filter = { eventName: [auditMoveEvent], entityType: ['APPLICATION'], eventDateAfter: cursor.after, limit: 100 };
  for await (const page of prefetched(context.source.auditEventPages(filter, cursor.pageId))) {
    for (const event of page.items) {
      count(context.counts, 'auditEvents');
      if (event.eventDate !== undefined && isoDate(event.eventDate) > newest) newest = isoDate(event.eventDate);
      await observeAuditMove(context, event);
    }
    done += page.items.length;
    const next: AuditCursor = page.nextCursor === undefined ? { after: newest } : { after: cursor.after, pageId: page.nextCursor };
    await context.checkpoint('auditEvents', JSON.stringify(next), done, null);
  }
}

async function observeAuditMove(context: RunContext, event: AuditEvent): Promise<void> {
  const to = stageFromAudit(event.context, 'current');
  if (event.eventName !== auditMoveEvent || !to || !event.id || !event.entityId || !event.eventDate) return;
  const application = await context.locateApplication(event.entityId);
  if (!application) {
    count(context.counts, 'auditUnresolved');
    return;
  }
  const from = stageFromAudit(event.context, 'previous');
  const appended = await context.writer.observeApplicationStage(
    { ...application, from, to, changedOn: isoDate(event.eventDate), source: 'audit', auditEventId: event.id },
    context.metadata(),
  );
  count(context.counts, 'applicationEventsAppended', appended);
}
