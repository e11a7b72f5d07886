import type { EventMessage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

export interface ApplicationView {
  candidateId: string;
  jobId: string;
  status: string;
  subStatus: string | null;
  /** When SR says the candidate entered this stage. */
  changedOn: string;
  source: 'webhook' | 'audit' | 'history' | 'poll';
}

export const applicationsCollection = {
  name: 'applications',
  // "Who is at stage S of job J" (trigger detection, counts per stage) and "a candidate's applications".
  indexes: [{ fields: ['jobId', 'status', 'subStatus'] }, { fields: ['candidateId'] }],
} as const;

/** The document id of a candidate's application to a job. */
export const applicationId = (candidateId: string, jobId: string) => `${candidateId}:${jobId}`;

function evolve(current: ApplicationView | undefined, event: EventMessage): ApplicationView | undefined {
  if (event.type !== 'ApplicationStageObserved') return current;
  const { candidateId, jobId, to, changedOn, source } = event.data;
  // A webhook and a poll can report moves out of order: the stage entered last in SR is current.
  if (current && Date.parse(changedOn) < Date.parse(current.changedOn)) return current;
  return { candidateId, jobId, status: to.status, subStatus: to.subStatus, changedOn, source };
}

/** One document per tenant, candidate and job: the candidate's current stage in that job. */
export const applicationsProjection: ReadModelProjection<ApplicationView> = {
  collection: applicationsCollection,
  documentIdOf: (event) =>
    event.type === 'ApplicationStageObserved' ? applicationId(event.data.candidateId, event.data.jobId) : undefined,
  evolve,
};
