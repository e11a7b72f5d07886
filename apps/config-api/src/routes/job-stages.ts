import { stagesOfJobProcess } from '@srw/domain';
import type { HiringStagesView, ReadModels } from '@srw/projections';

/** Statuses whose stages are steps of a hiring process (API-NOTES §6). */
const stepStatuses = ['IN_REVIEW', 'INTERVIEW', 'OFFERED'] as const;
/** Enough applications per status to see the job's steps; the process shows in any one of them. */
const sampledPerStatus = 100;

/**
 * The stages config-api offers for a job, and accepts in its mapping: those of the job's own hiring
 * process as the steps of its applications seen so far tell it (`stagesOfJobProcess`), out of the
 * steps of every process the sync lists. Undefined when no stage of the job is synced.
 */
export async function offeredStagesOf(readModels: ReadModels, tenantId: string, jobId: string): Promise<HiringStagesView['stages'] | undefined> {
  const { hiringStages, applications } = readModels.collections;
  const [synced, ...pages] = await Promise.all([
    hiringStages.get(tenantId, jobId),
    ...stepStatuses.map((status) => applications.find(tenantId, { where: { jobId, status }, limit: sampledPerStatus })),
  ]);
  if (!synced) return undefined;
  const seen = pages.flatMap((page) => page.items.map(({ data }) => ({ status: data.status, subStatus: data.subStatus })));
  return stagesOfJobProcess(synced.data.stages, seen);
}
