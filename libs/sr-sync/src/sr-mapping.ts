import type { CandidatePiiFields, EventByType, Stage } from '@srw/contracts';
import { applicationStatuses, type CandidateDetails, type CandidateSummary, type HiringProcess, type JobSummary } from '@srw/smartrecruiters';

export type JobSnapshot = EventByType<'JobObserved'>['data']['snapshot'];
export type JobStage = EventByType<'JobStagesObserved'>['data']['stages'][number];
/** The candidate's PII as observed: appended only encrypted (`ObservationWriter.observeCandidate`). */
export type CandidateProfile = CandidatePiiFields;

/** A mapped trigger stage: the applications of `jobId` in (status, subStatus) are polled each cycle. */
export interface TriggerStage {
  jobId: string;
  status: (typeof applicationStatuses)[number];
  subStatus: string | null;
}

/** SR dates come as `…+0000` or `…Z`; events carry one ISO form. */
export const isoDate = (value: string): string => new Date(value).toISOString();

/** The job fields the product needs, in the shape `JobObserved` stores (absent fields as null). */
export function jobSnapshot(job: JobSummary, observedAt: string): JobSnapshot {
  const place = [job.location?.city, job.location?.country].filter((part) => part !== undefined && part !== '').join(', ');
  const createdOn = job.createdOn === undefined ? null : isoDate(job.createdOn);
  return {
    title: job.title ?? '',
    refNumber: job.refNumber ?? null,
    status: job.status ?? 'OTHER',
    postingStatus: job.postingStatus ?? null,
    department: job.department?.label ?? null,
    location: place === '' ? null : place,
    createdOn,
    // The spec does not require `updatedOn`; the creation (or our observation) stands in for it.
    updatedOn: job.updatedOn === undefined ? (createdOn ?? observedAt) : isoDate(job.updatedOn),
  };
}

/** Statuses whose stages are the steps of a hiring process (API-NOTES §6). */
const stepStatuses = ['IN_REVIEW', 'INTERVIEW', 'OFFERED'] as const;

/**
 * The stages a job's applications can be in. SR does not say which hiring process a job uses
 * (API-NOTES §6, gap 4), so every job gets the steps of all active processes, in SR's status order
 * and each process's step order, without repeats, each step naming the processes that have it
 * (`processIds`): config-api narrows a job's list to its process once a step of it is seen on the
 * job's applications (`stagesOfJobProcess`).
 */
export function stagesOf(processes: readonly HiringProcess[]): JobStage[] {
  const stages: JobStage[] = [];
  const active = processes.filter((process) => process.active !== false);
  for (const status of applicationStatuses) {
    if (!(stepStatuses as readonly string[]).includes(status)) {
      stages.push({ status, subStatus: null, label: status, order: stages.length });
      continue;
    }
    const stepsOf = (process: HiringProcess) => process.subStatuses?.[status as (typeof stepStatuses)[number]] ?? [];
    const steps = new Set(active.flatMap(stepsOf));
    for (const step of steps) {
      const processIds = active.filter((process) => process.id !== undefined && stepsOf(process).includes(step)).map((process) => process.id!);
      stages.push({ status, subStatus: step, label: step, order: stages.length, ...(processIds.length > 0 ? { processIds } : {}) });
    }
  }
  return stages;
}

export function candidateProfile(candidate: CandidateSummary): CandidateProfile {
  // The list item has no phone number (only `GET /candidates/{id}` does): one call per candidate
  // would cost more than the whole poll, so it stays null until a webhook or detail read fills it.
  return { firstName: candidate.firstName, lastName: candidate.lastName, email: candidate.email ?? null, phone: null };
}

export const sameStage = (a: Stage | null | undefined, b: Stage): boolean => !!a && a.status === b.status && a.subStatus === b.subStatus;

/** The stage an audit context names, `current` or `previous` (`…Status` and the optional `…Step`). */
export function stageFromAudit(context: Record<string, unknown> | undefined, which: 'current' | 'previous'): Stage | null {
  const status = context?.[`${which}Status`];
  const step = context?.[`${which}Step`];
  if (typeof status !== 'string' || status === '') return null;
  return { status, subStatus: typeof step === 'string' && step !== '' ? step : null };
}

/**
 * A candidate read alone (`GET /candidates/{id}`) as the listing would have summarised them, for a
 * move seen before the candidate (a webhook, the audit feed). `createdOn` stands in when SR omits it.
 */
export function candidateSummaryOf(candidate: CandidateDetails, createdOn: string): CandidateSummary {
  return {
    id: candidate.id,
    firstName: candidate.firstName ?? '',
    lastName: candidate.lastName ?? '',
    ...(candidate.email ? { email: candidate.email } : {}),
    createdOn: candidate.createdOn ?? createdOn,
    ...(candidate.updatedOn ? { updatedOn: candidate.updatedOn } : {}),
  };
}
