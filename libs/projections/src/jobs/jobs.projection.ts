import type { EventMessage } from '@srw/contracts';
import type { ReadModelProjection } from '../projection';

/** Characters of the normalised title indexed for the job picker's search (see `titleSearchKey`). */
export const titlePrefixLength = 3;

export interface JobView {
  jobId: string;
  title: string;
  /** The title lower-cased, accents and repeated spaces removed: what a search compares against. */
  titleNormalised: string;
  /** The first `titlePrefixLength` characters of `titleNormalised`: indexed, so a search never scans. */
  titlePrefix: string;
  refNumber: string | null;
  status: string;
  postingStatus: string | null;
  department: string | null;
  location: string | null;
  createdOn: string | null;
  updatedOn: string;
}

export const jobsCollection = {
  name: 'jobs',
  indexes: [{ fields: ['updatedOn'] }, { fields: ['status', 'updatedOn'] }, { fields: ['titlePrefix', 'updatedOn'] }],
  // The picker's "part of the title" search: a tenant's jobs are bounded (thousands), so a filter over them is fine.
  searchable: ['titleNormalised'],
} as const;

/** The form titles are compared in: lower case, without accents, single spaces. */
export function normaliseTitle(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The `where` of a title search: equality on the indexed prefix of the search text; the caller
 * keeps the found jobs whose `titleNormalised` starts with (or contains) the whole text. Undefined
 * for a text shorter than the prefix, which is not specific enough to search by.
 */
export function titleSearchKey(text: string): { titlePrefix: string } | undefined {
  const normalised = normaliseTitle(text);
  return normalised.length >= titlePrefixLength ? { titlePrefix: normalised.slice(0, titlePrefixLength) } : undefined;
}

function evolve(current: JobView | undefined, event: EventMessage): JobView | undefined {
  if (event.type !== 'JobObserved') return current;
  const { jobId, snapshot } = event.data;
  // Sources overlap (webhook, poll): a snapshot older than the one held is late news, not a change.
  if (current && Date.parse(snapshot.updatedOn) < Date.parse(current.updatedOn)) return current;
  const titleNormalised = normaliseTitle(snapshot.title);
  return {
    jobId,
    title: snapshot.title,
    titleNormalised,
    titlePrefix: titleNormalised.slice(0, titlePrefixLength),
    refNumber: snapshot.refNumber,
    status: snapshot.status,
    postingStatus: snapshot.postingStatus,
    department: snapshot.department,
    location: snapshot.location,
    createdOn: snapshot.createdOn,
    updatedOn: snapshot.updatedOn,
  };
}

/** One document per tenant and job (its id is the job id): the job picker's list, most recent first. */
export const jobsProjection: ReadModelProjection<JobView> = {
  collection: jobsCollection,
  documentIdOf: (event) => (event.type === 'JobObserved' ? event.data.jobId : undefined),
  evolve,
};
