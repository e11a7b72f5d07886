import type { Category, EventMessage } from '@srw/contracts';
import type { CollectionSpec, ReadCollection, ReadStore } from '@srw/read-store';
import { activityProjection, type ActivityView } from './activity/activity.projection';
import { applicationsProjection, type ApplicationView } from './applications/applications.projection';
import { candidatesProjection, type CandidateView } from './candidates/candidates.projection';
import { hiringStagesProjection, type HiringStagesView } from './hiring-stages/hiring-stages.projection';
import { integrationsProjection, type IntegrationView } from './integrations/integrations.projection';
import { jobsProjection, type JobView } from './jobs/jobs.projection';
import { mappingsProjection, type MappingView } from './mappings/mappings.projection';
import { applyEvent, applyEvents, type ApplyOutcome, type ReadModelProjection } from './projection';
import { syncRunsProjection, type SyncRunView } from './sync-runs/sync-runs.projection';
import { triggersProjection, type TriggerView } from './triggers/triggers.projection';

/** Every read model this library maintains, by collection name. */
export const readModelProjections = {
  integrations: integrationsProjection,
  jobs: jobsProjection,
  hiringStages: hiringStagesProjection,
  applications: applicationsProjection,
  candidates: candidatesProjection,
  syncRuns: syncRunsProjection,
  mappings: mappingsProjection,
  triggers: triggersProjection,
  activity: activityProjection,
} as const;

export type ReadModelName = keyof typeof readModelProjections;

/** The stream categories whose events change a read model here (candidates' PII only sealed, see `candidates`). */
export const projectedCategories = ['integration', 'syncRun', 'srJob', 'srApplication', 'srCandidate', 'interviewMapping', 'invite'] as const satisfies readonly Category[];

export interface ReadModelViews {
  integrations: IntegrationView;
  jobs: JobView;
  hiringStages: HiringStagesView;
  applications: ApplicationView;
  candidates: CandidateView;
  syncRuns: SyncRunView;
  mappings: MappingView;
  triggers: TriggerView;
  activity: ActivityView;
}

export const readModelNames = Object.keys(readModelProjections) as ReadModelName[];

/** The collections and their indexes, for whoever provisions or reads them. */
export const readModelCollections: readonly CollectionSpec[] = readModelNames.map((name) => readModelProjections[name].collection);

export interface ReadModels {
  readonly collections: { [K in ReadModelName]: ReadCollection<ReadModelViews[K]> };
  /** Applies one event to every read model it concerns, position-guarded; what happened to each. */
  apply(event: EventMessage): Promise<Partial<Record<ReadModelName, ApplyOutcome>>>;
  /**
   * Applies events (in position order) as `apply` would one by one, with one read and one bulk write
   * per read model they concern (`applyEvents`); how many documents each read model wrote.
   */
  applyBatch(events: readonly EventMessage[]): Promise<Partial<Record<ReadModelName, number>>>;
}

/** Opens (creating where needed) every read model's collection with its indexes. */
export async function openReadModels(store: ReadStore): Promise<ReadModels> {
  const entries = await Promise.all(
    readModelNames.map(async (name) => [name, await store.collection(readModelProjections[name].collection)] as const),
  );
  const collections = Object.fromEntries(entries) as ReadModels['collections'];
  return {
    collections,
    async apply(event) {
      const outcomes: Partial<Record<ReadModelName, ApplyOutcome>> = {};
      for (const name of readModelNames) {
        const projection = readModelProjections[name] as ReadModelProjection<object>;
        const outcome = await applyEvent(collections[name] as ReadCollection<object>, projection, event);
        if (outcome !== 'ignored') outcomes[name] = outcome;
      }
      return outcomes;
    },
    async applyBatch(events) {
      const written: Partial<Record<ReadModelName, number>> = {};
      // The read models are independent: their writes go out together.
      await Promise.all(
        readModelNames.map(async (name) => {
          const projection = readModelProjections[name] as ReadModelProjection<object>;
          const count = await applyEvents(collections[name] as ReadCollection<object>, projection, events);
          if (count > 0) written[name] = count;
        }),
      );
      return written;
    },
  };
}
