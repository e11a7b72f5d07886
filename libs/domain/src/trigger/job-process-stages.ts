import type { Stage } from '@srw/contracts';
import { sameStage } from './trigger-policy';

/** A stage as the sync lists it for a job: a step names the hiring processes that have it. */
export interface ProcessStage extends Stage {
  processIds?: readonly string[] | undefined;
}

/**
 * The stages of a job's own hiring process, out of the steps of every process. SR's job payload names
 * no process (API-NOTES §6, gap 4), and SR refuses a move into a step of another process, so a trigger
 * set on one would never fire. The steps the job's applications are seen in tell the process: the
 * processes having every step seen are the job's candidates, and only their steps are offered (with
 * the statuses that have no steps). Nothing seen, or steps no single process has (a process changed
 * since): every stage, as nothing better is known.
 */
export function stagesOfJobProcess<S extends ProcessStage>(stages: readonly S[], seenSteps: readonly Stage[]): S[] {
  let processes: Set<string> | undefined;
  for (const seen of seenSteps) {
    const known = seen.subStatus === null ? undefined : stages.find((stage) => sameStage(stage, seen))?.processIds;
    if (!known) continue;
    processes = new Set(processes ? [...processes].filter((id) => known.includes(id)) : known);
  }
  if (!processes || processes.size === 0) return [...stages];
  const ofJob = processes;
  return stages.filter((stage) => !stage.processIds || stage.processIds.some((id) => ofJob.has(id)));
}
