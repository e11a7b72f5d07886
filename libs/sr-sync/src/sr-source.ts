import type {
  AuditEvent,
  AuditEventsFilter,
  CandidateDetails,
  CandidatesFilter,
  CandidateSummary,
  HiringProcess,
  JobApplication,
  JobsFilter,
  JobSummary,
  Page,
  SmartRecruitersClient,
  StatusHistory,
} from '@srw/smartrecruiters';

/**
 * The part of the SR client a sync reads, one page per call. Narrow on purpose: the engine is tested
 * against the sandbox through the real client, and this is the seam where its calls are counted.
 */
export interface SrSource {
  /** `GET /jobs`: pages of 100 from `from` (a page's `nextCursor`) or the start. */
  jobPages(filter: JobsFilter, from?: string): AsyncGenerator<Page<JobSummary>, void, undefined>;
  /** `GET /configuration/hiring-processes`. */
  hiringProcesses(): Promise<HiringProcess[]>;
  /** `GET /candidates`: one listing at a time per credential (the client's lane). */
  candidatePages(filter: CandidatesFilter, from?: string): AsyncGenerator<Page<CandidateSummary>, void, undefined>;
  /** `GET /audit-api/v201910/audit-events`. */
  auditEventPages(filter: AuditEventsFilter, from?: string): AsyncGenerator<Page<AuditEvent>, void, undefined>;
  /** `GET /job-applications-api/v202112/job-applications/{id}`: where an audit event's application is. */
  jobApplication(applicationId: string): Promise<JobApplication>;
  /** `GET /candidates/{id}/jobs/{jobId}/status/history`: when a move the poll found happened. */
  statusHistory(candidateId: string, jobId: string): Promise<StatusHistory['content']>;
  /** `GET /candidates/{id}`: the profile of a candidate the audit feed shows before any listing did. */
  candidate(candidateId: string): Promise<CandidateDetails>;
}

/** An {@link SrSource} that counts the SR calls made through it (one per page, one per hiring-process read). */
export interface CountingSrSource extends SrSource {
  readonly calls: number;
}

/**
 * Wraps the SR client and counts its calls, because the client exposes no hook for it. It counts
 * the calls the sync asked for; retries inside the client (429, 5xx) are the client's own and are
 * not seen here, so under faults SR may have received more (the sandbox's request log says how many).
 */
export function countingSrSource(client: SmartRecruitersClient, signal?: AbortSignal): CountingSrSource {
  let calls = 0;
  // Every call carries the run's signal: once aborted, the client sends nothing more and cancels what is in flight.
  const options = signal ? { signal } : {};
  async function* counted<T>(pages: AsyncGenerator<Page<T>, void, undefined>): AsyncGenerator<Page<T>, void, undefined> {
    // Counted when asked for, so that a call SR answered with an error counts too. Paging ends
    // without a call after the last page (no next cursor): that ask is taken back.
    try {
      for (;;) {
        // Not even counted once aborted: the client would refuse it unsent.
        signal?.throwIfAborted();
        calls++;
        const next = await pages.next();
        if (next.done) {
          calls--;
          return;
        }
        yield next.value;
      }
    } finally {
      await pages.return(undefined);
    }
  }
  return {
    get calls() {
      return calls;
    },
    jobPages: (filter, from) => counted(client.jobs.list(filter, from, options)),
    hiringProcesses: async () => {
      signal?.throwIfAborted();
      calls++;
      return client.jobs.hiringProcesses(options);
    },
    candidatePages: (filter, from) => counted(client.candidates.list(filter, from, options)),
    auditEventPages: (filter, from) => counted(client.auditEvents.list(filter, from, options)),
    jobApplication: async (applicationId) => {
      signal?.throwIfAborted();
      calls++;
      return client.jobApplications.get(applicationId, options);
    },
    statusHistory: async (candidateId, jobId) => {
      signal?.throwIfAborted();
      calls++;
      return client.candidates.statusHistory(candidateId, jobId, options);
    },
    candidate: async (candidateId) => {
      signal?.throwIfAborted();
      calls++;
      return client.candidates.get(candidateId, options);
    },
  };
}
