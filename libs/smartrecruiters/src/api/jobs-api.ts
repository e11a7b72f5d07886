import type { SrCallOptions, SrHttp } from '../http/sr-http';
import { type Page, paginate } from '../paging';
import { hiringProcesses, type HiringProcess } from '../schemas/configuration';
import { type JobDetails, jobDetails, jobsPage, type JobSummary, type KnownJobStatus, type KnownPostingStatus } from '../schemas/jobs';

export interface JobsFilter {
  updatedAfter?: string;
  lastActivityAfter?: string;
  /** One job status; the spec's filter enum has no `OTHER`. */
  status?: Exclude<KnownJobStatus, 'OTHER'>;
  postingStatus?: KnownPostingStatus;
  q?: string;
  /** 1–100; defaults to 100, the fewest calls. */
  limit?: number;
}

/** `GET /jobs` (cursor paging with `sort=job_id`), `GET /jobs/{id}`, `GET /configuration/hiring-processes`. */
export class JobsApi {
  constructor(private readonly http: SrHttp) {}

  /** Pages of jobs from `from` (a `nextCursor` of an earlier page) or the start. */
  list(filter: JobsFilter = {}, from?: string, options: SrCallOptions = {}): AsyncGenerator<Page<JobSummary>, void, undefined> {
    return paginate(async (cursor) => {
      const { data } = await this.http.send({
        api: 'root',
        method: 'GET',
        path: '/jobs',
        query: { ...filter, limit: filter.limit ?? 100, sort: 'job_id', pageId: cursor },
        schema: jobsPage,
        ...options,
      });
      return { items: data.content, cursor, nextCursor: data.nextPageId, totalFound: data.totalFound };
    }, from);
  }

  async get(jobId: string): Promise<JobDetails> {
    return (await this.http.send({ api: 'root', method: 'GET', path: `/jobs/${encodeURIComponent(jobId)}`, route: '/jobs/{jobId}', schema: jobDetails })).data;
  }

  async hiringProcesses(options: SrCallOptions = {}): Promise<HiringProcess[]> {
    return (await this.http.send({ api: 'root', method: 'GET', path: '/configuration/hiring-processes', schema: hiringProcesses, ...options })).data.content;
  }
}
