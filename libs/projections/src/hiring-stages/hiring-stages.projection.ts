import type { EventMessage, Stage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface HiringStage extends Stage {
  label: string;
  order: number;
  /** The hiring processes that have this step (absent: a status without steps, or not known). */
  processIds?: string[];
}

export interface HiringStagesView {
  jobId: string;
  /** In the job's hiring-process order. */
  stages: HiringStage[];
}

export const hiringStagesCollection = {
  name: 'hiringStages',
  // Read by job id (the document id); no query needs another field.
  indexes: [],
} as const;

function evolve(current: HiringStagesView | undefined, event: EventMessage): HiringStagesView | undefined {
  if (event.type !== 'JobStagesObserved') return current;
  const stages = [...event.data.stages]
    .sort((a, b) => a.order - b.order)
    .map(({ status, subStatus, label, order, processIds }) => ({ status, subStatus, label, order, ...(processIds ? { processIds: [...processIds] } : {}) }));
  return { jobId: event.data.jobId, stages };
}

/** One document per tenant and job: the stages a trigger can be set on. */
export const hiringStagesProjection: ReadModelProjection<HiringStagesView> = {
  collection: hiringStagesCollection,
  documentIdOf: (event) => (event.type === 'JobStagesObserved' ? event.data.jobId : undefined),
  evolve,
};
