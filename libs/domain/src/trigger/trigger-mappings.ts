import type { InterviewMappingEvent, Stage } from '@srw/contracts';
import { sameStage, type GrantState, type TriggerMapping } from './trigger-policy';

/**
 * The tenant's mappings folded from `interviewMapping-*` events into the policy's `TriggerMapping`s,
 * for a reader that has no `triggers` read model: one entry per interview and job, removed ones kept
 * with `removedAt`. `appliedAt` is when the job was connected with its current trigger stages:
 * connecting it again unchanged keeps it, changing the stages or the backfill flag moves it.
 */
export type TriggerMappingsState = Readonly<Record<string, Readonly<Record<string, TriggerMapping>>>>;

export const initialTriggerMappings = (): TriggerMappingsState => ({});

const keyOf = (interviewId: string, jobId: string) => `${interviewId}:${jobId}`;

const sameStages = (a: readonly Stage[], b: readonly Stage[]) => a.length === b.length && a.every((stage) => b.some((other) => sameStage(stage, other)));

export function evolveTriggerMappings(state: TriggerMappingsState, event: InterviewMappingEvent): TriggerMappingsState {
  const tenantId = event.metadata.tenantId;
  const current = state[tenantId] ?? {};
  switch (event.type) {
    case 'InterviewJobsConnected': {
      const next: Record<string, TriggerMapping> = { ...current };
      for (const job of event.data.jobs) {
        const key = keyOf(event.data.interviewId, job.jobId);
        const held = current[key];
        const unchanged = held && held.removedAt === undefined && held.backfill === job.backfill && sameStages(held.triggerStages, job.triggerStages);
        if (unchanged) continue;
        next[key] = {
          interviewId: event.data.interviewId,
          jobId: job.jobId,
          triggerStages: job.triggerStages.map((stage) => ({ ...stage })),
          backfill: job.backfill,
          appliedAt: event.metadata.observedAt,
        };
      }
      return { ...state, [tenantId]: next };
    }
    case 'InterviewJobDisconnected': {
      const key = keyOf(event.data.interviewId, event.data.jobId);
      const held = current[key];
      if (!held || held.removedAt !== undefined) return state;
      return { ...state, [tenantId]: { ...current, [key]: { ...held, removedAt: event.metadata.observedAt } } };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The tenant's mappings of one job, removed ones included (the policy tells them apart). */
export function triggerMappingsOf(state: TriggerMappingsState, tenantId: string, jobId: string): TriggerMapping[] {
  return Object.values(state[tenantId] ?? {}).filter((mapping) => mapping.jobId === jobId);
}

/** SR job statuses in which the job takes no more candidates. */
const closedJobStatuses = new Set(['CANCELLED', 'FILLED', 'CLOSED']);
/** Whether an SR job status (`JobObserved`'s snapshot) still takes candidates. */
export const srJobIsOpen = (status: string): boolean => !closedJobStatuses.has(status.toUpperCase());

/** Whether an SR application status means the candidate withdrew. */
export const srApplicationIsWithdrawn = (status: string): boolean => status.toUpperCase() === 'WITHDRAWN';

/** The grant as the policy needs it, from whether SR access is held (`connected`), lost or never given. */
export function grantStateOf(connection: 'disabled' | 'connecting' | 'connected' | 'reauthorise' | undefined): GrantState {
  switch (connection) {
    case 'connected':
      return 'connected';
    case 'reauthorise':
    case 'disabled':
      return 'lost';
    case 'connecting':
    case undefined:
      return 'unknown';
    default: {
      const unknown: never = connection;
      return unknown;
    }
  }
}
