import type { JobsFilter } from '@srw/smartrecruiters';
import { count, prefetched, type RunContext, yieldToEventLoop } from './run-context';
import { jobSnapshot, stagesOf, type JobStage } from './sr-mapping';

/**
 * Job pages read ahead of the one being handled (see `prefetched`): 400 jobs of memory, and at
 * most this many pages fetched again after a crash.
 */
export const jobPagesAhead = 4;

/**
 * The jobs resource's cursor: SR's page id of the next page, and the last job handled, whose
 * stream holds the stage list a resumed run goes on with (so resuming costs no hiring-process call).
 */
interface JobsCursor {
  pageId: string;
  lastJobId: string;
}

/** `GET /configuration/hiring-processes` once, as the stage list of every job (see `stagesOf`). */
export async function syncHiringStages(context: RunContext): Promise<JobStage[]> {
  const stages = stagesOf(await context.source.hiringProcesses());
  await context.checkpoint('hiringProcesses', null, stages.length, stages.length);
  return stages;
}

/**
 * Pages through `GET /jobs` (100 a page) from the resume point, observing each job and its stages,
 * and records each page's cursor with done/total from SR's `totalFound`. `stages` is the list of an
 * initial sync (or a function giving it, asked once, only when a job needs it).
 */
export async function syncJobs(
  context: RunContext,
  filter: JobsFilter,
  stages: { known: readonly JobStage[] } | { ifMissing: () => Promise<readonly JobStage[]> } | 'resumed',
): Promise<void> {
  const resume = context.resumeAt('jobs');
  if (resume?.cursor === null) return;
  const from = resume?.cursor ? (JSON.parse(resume.cursor) as JobsCursor) : undefined;
  let done = resume?.done ?? 0;
  let stageList = stages;
  if (stageList === 'resumed') {
    const known = from ? await context.writer.lastStagesOf(from.lastJobId) : undefined;
    const fetched = known ?? stagesOf(await context.source.hiringProcesses());
    stageList = { known: fetched };
  }
  for await (const page of prefetched(context.source.jobPages({ ...filter, limit: 100 }, from?.pageId), jobPagesAhead)) {
    for (const job of page.items) {
      const appended = await context.writer.observeJob(job.id, jobSnapshot(job, context.metadata().observedAt), stageList, context.metadata());
      count(context.counts, 'jobsSeen');
      count(context.counts, 'jobEventsAppended', appended);
      await yieldToEventLoop();
    }
    done += page.items.length;
    const last = page.items.at(-1);
    const cursor = page.nextCursor !== undefined && last ? JSON.stringify({ pageId: page.nextCursor, lastJobId: last.id } satisfies JobsCursor) : null;
    await context.checkpoint('jobs', cursor, done, page.totalFound ?? null);
  }
}
