import type { Stage } from '@srw/contracts';
import { count, prefetched, type RunContext, yieldToEventLoop } from './run-context';
import { sameStage, type TriggerStage } from './sr-mapping';
import { latestStage } from './webhooks/latest-stage';

/** Which trigger the candidates resource is at, and SR's page id within it (null: its first page). */
interface CandidatesCursor {
  trigger: number;
  pageId: string | null;
}

/** Stable order, so that a resumed run's trigger index names the same trigger. */
export function orderedTriggers(triggers: readonly TriggerStage[]): TriggerStage[] {
  const key = (t: TriggerStage) => `${t.jobId}\u001f${t.status}\u001f${t.subStatus ?? ''}`;
  return [...new Map(triggers.map((t) => [key(t), t])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

/**
 * `GET /candidates?jobId=&status=&subStatus=` per mapped trigger stage: each candidate listed is an
 * application of that job in that stage (SR filters on the application, whatever the candidate's
 * primary assignment), observed as `ApplicationStageObserved` (source `poll`) and `CandidateObserved`.
 */
export async function syncTriggerCandidates(context: RunContext): Promise<void> {
  const triggers = orderedTriggers(context.deps.triggers);
  const resume = context.resumeAt('candidates');
  if (resume?.cursor === null) return;
  const from = resume?.cursor ? (JSON.parse(resume.cursor) as CandidatesCursor) : { trigger: 0, pageId: null };
  let done = resume?.done ?? 0;
  // The listing cannot say when a move happened, only that it had by now; SR's status history can.
  const listedBy = context.metadata().observedAt;
  for (let index = from.trigger; index < triggers.length; index++) {
    const trigger = triggers[index] as TriggerStage;
    const to = { status: trigger.status, subStatus: trigger.subStatus };
    const filter = { jobId: trigger.jobId, status: trigger.status, ...(trigger.subStatus === null ? {} : { subStatus: trigger.subStatus }), limit: 100 };
    const pageId = index === from.trigger ? (from.pageId ?? undefined) : undefined;
    for await (const page of prefetched(context.source.candidatePages(filter, pageId))) {
      for (const candidate of page.items) {
        // The profile first: the stage observation may trigger an invite at once, which needs the email.
        const profiled = await context.writer.observeCandidate(candidate, context.metadata());
        const dated = await datedMove(context, candidate.id, trigger.jobId, to, listedBy);
        const moved = dated && (await context.writer.observeApplicationStage({ candidateId: candidate.id, jobId: trigger.jobId, to, ...dated }, context.metadata()));
        count(context.counts, 'candidatesSeen');
        count(context.counts, 'applicationEventsAppended', moved || 0);
        count(context.counts, 'candidateEventsAppended', profiled);
        await yieldToEventLoop();
      }
      done += page.items.length;
      const last = page.nextCursor === undefined && index === triggers.length - 1;
      const next: CandidatesCursor = page.nextCursor === undefined ? { trigger: index + 1, pageId: null } : { trigger: index, pageId: page.nextCursor };
      await context.checkpoint('candidates', last ? null : JSON.stringify(next), done, null);
    }
  }
  if (triggers.length === 0) await context.checkpoint('candidates', null, done, 0);
}

/**
 * When the candidate entered `to`, for a listing that finds them there and not where they were last
 * observed: SR's status history (source `history`), one call per move found, none for a candidate
 * still where they were (undefined: nothing to observe). The trigger policy needs the time: a
 * candidate first listed after their stage was mapped may have been there long before, and must not
 * be invited as a new move. Where the history shows another stage last (moved again since the
 * listing), the listing's time stands, as a `poll`.
 */
async function datedMove(
  context: RunContext,
  candidateId: string,
  jobId: string,
  to: Stage,
  listedBy: string,
): Promise<{ changedOn: string; source: 'history' | 'poll' } | undefined> {
  if (sameStage(await context.writer.lastApplicationStage(candidateId, jobId), to)) return undefined;
  count(context.counts, 'statusHistoryReads');
  const latest = latestStage(await context.source.statusHistory(candidateId, jobId));
  return latest && sameStage(latest.to, to) ? { changedOn: latest.changedOn, source: 'history' } : { changedOn: listedBy, source: 'poll' };
}
