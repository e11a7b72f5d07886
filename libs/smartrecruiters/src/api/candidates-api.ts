import type { SrCallOptions, SrHttp } from '../http/sr-http';
import { type Page, paginate } from '../paging';
import {
  type Application,
  application,
  type CandidateDetails,
  candidateDetails,
  candidatesPage,
  type CandidateSummary,
  type StatusHistory,
  statusHistory,
} from '../schemas/candidates';
import type { ApplicationStatus } from '../schemas/common';

export interface CandidatesFilter {
  jobId?: string | string[];
  status?: ApplicationStatus | ApplicationStatus[];
  /** Only together with `status` (SR rejects it alone). */
  subStatus?: string;
  updatedAfter?: string;
  limit?: number;
}

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** Candidates, one application and its status history. Listings run one at a time per credential. */
export class CandidatesApi {
  constructor(private readonly http: SrHttp) {}

  list(filter: CandidatesFilter = {}, from?: string, options: SrCallOptions = {}): AsyncGenerator<Page<CandidateSummary>, void, undefined> {
    if (filter.subStatus !== undefined && filter.status === undefined) throw new RangeError('subStatus needs status');
    return paginate(async (cursor) => {
      const { data } = await this.http.send({
        api: 'root',
        method: 'GET',
        path: '/candidates',
        query: {
          jobId: list(filter.jobId),
          status: list(filter.status),
          subStatus: filter.subStatus,
          updatedAfter: filter.updatedAfter,
          limit: filter.limit ?? 100,
          pageId: cursor,
        },
        schema: candidatesPage,
        lane: 'candidate-listing',
        ...options,
      });
      return { items: data.content, cursor, nextCursor: data.nextPageId, totalFound: data.totalFound };
    }, from);
  }

  async get(candidateId: string, options: SrCallOptions = {}): Promise<CandidateDetails> {
    const { data } = await this.http.send({ api: 'root', method: 'GET', path: `/candidates/${encodeURIComponent(candidateId)}`, route: '/candidates/{candidateId}', schema: candidateDetails, ...options });
    // `id` is optional in the spec: the one we asked for stands in.
    return { ...data, id: data.id ?? candidateId };
  }

  async application(candidateId: string, jobId: string): Promise<Application> {
    const path = `/candidates/${encodeURIComponent(candidateId)}/jobs/${encodeURIComponent(jobId)}`;
    return (await this.http.send({ api: 'root', method: 'GET', path, route: '/candidates/{candidateId}/jobs/{jobId}', schema: application })).data;
  }

  async statusHistory(candidateId: string, jobId: string, options: SrCallOptions = {}): Promise<StatusHistory['content']> {
    const path = `/candidates/${encodeURIComponent(candidateId)}/jobs/${encodeURIComponent(jobId)}/status/history`;
    return (await this.http.send({ api: 'root', method: 'GET', path, route: '/candidates/{candidateId}/jobs/{jobId}/status/history', schema: statusHistory, ...options })).data.content;
  }
}
