import type { AuditEvent } from '@srw/smartrecruiters';
import { eraseCandidatePii } from './candidate-erasure';
import { count, prefetched, type RunContext } from './run-context';
import { candidateSummaryOf, isoDate, stageFromAudit } from './sr-mapping';

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
 * How SR tells that a candidate is gone (spec, Audit API): deleted by a user, by its compliance
 * mechanism (retention, consent) or by the candidate; or merged into another profile. Either way
 * their PII must not outlive them here: the key is shredded.
 */
export const auditCandidateDeletions = ['CANDIDATE_DELETED', 'CANDIDATE_DELETED_DUE_TO_MERGE'];

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
  // One listing for both: the feed's filters OR within a parameter, so the cycle costs no extra call.
  const filter = { eventName: [auditMoveEvent, ...auditCandidateDeletions], entityType: ['APPLICATION', 'CANDIDATE'], eventDateAfter: cursor.after, limit: 100 };
  for await (const page of prefetched(context.source.auditEventPages(filter, cursor.pageId))) {
    for (const event of page.items) {
      count(context.counts, 'auditEvents');
      if (event.eventDate !== undefined && isoDate(event.eventDate) > newest) newest = isoDate(event.eventDate);
      if (auditCandidateDeletions.includes(event.eventName ?? '')) await eraseDeletedCandidate(context, event);
      else await observeAuditMove(context, event);
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
  // The profile first, at the candidate's first sight: the move may trigger an invite at once, which needs the email.
  if (!(await context.writer.hasCandidateProfile(application.candidateId))) {
    const candidate = await context.source.candidate(application.candidateId);
    count(context.counts, 'candidateEventsAppended', await context.writer.observeCandidate(candidateSummaryOf({ ...candidate, id: application.candidateId }, isoDate(event.eventDate)), context.metadata()));
  }
  const appended = await context.writer.observeApplicationStage(
    { ...application, from, to, changedOn: isoDate(event.eventDate), source: 'audit', auditEventId: event.id },
    context.metadata(),
  );
  count(context.counts, 'applicationEventsAppended', appended);
}

async function eraseDeletedCandidate(context: RunContext, event: AuditEvent): Promise<void> {
  if (event.entityType !== 'CANDIDATE' || !event.entityId || !event.id) return;
  const { deps } = context;
  await eraseCandidatePii(
    { store: deps.store, keys: deps.pii.keys, clock: deps.clock },
    { tenantId: deps.tenantId, candidateId: event.entityId, reason: 'deletedInSr', sourceId: `sr-audit:${event.id}` },
  );
  count(context.counts, 'candidatesErased');
}
