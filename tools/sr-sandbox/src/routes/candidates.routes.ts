import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { dateParam, decodePageId, encodePageId, indexAfter, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';
import { moveApplication } from '../state/move-application';
import type { ApplicationStatus, SbApplication, SbCandidate } from '../state/tenant';

const statuses = new Set(['LEAD', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN', 'TRANSFERRED']);

/**
 * `GET /candidates` (candidates.all), `GET /candidates/{id}`, one application, its status history and
 * `PUT …/status`. A status filter matches the application on the filtered job(s), or any application.
 */
export function candidatesRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const action = (path: string, method = 'GET') => ({ url: `${deps.baseUrl()}${path}`, method });

  const listItem = (candidate: SbCandidate) => {
    const tenant = deps.tenant();
    const [primaryJobId, ...secondary] = candidate.jobIds;
    const primary = tenant.application(candidate.id, primaryJobId as string) as SbApplication;
    return {
      id: candidate.id,
      email: candidate.email,
      firstName: candidate.firstName,
      lastName: candidate.lastName,
      tags: candidate.tags,
      internal: false,
      applicationLanguage: 'en',
      createdOn: srDate(candidate.createdOn),
      updatedOn: srDate(candidate.updatedOn),
      location: candidate.location,
      consent: { status: 'ACQUIRED' },
      primaryAssignment: {
        job: { id: primary.jobId, title: tenant.jobs.get(primary.jobId)?.title ?? '', actions: { details: action(`/jobs/${primary.jobId}`) } },
        status: primary.status,
        ...(primary.subStatus ? { subStatus: primary.subStatus } : {}),
      },
      secondaryAssignments: secondary.map((jobId) => ({ job: { id: jobId, actions: { details: action(`/jobs/${jobId}`) } } })),
      actions: { details: action(`/candidates/${candidate.id}`), properties: action(`/candidates/${candidate.id}/properties`) },
    };
  };

  const assignment = (application: SbApplication) => ({
    status: application.status,
    ...(application.subStatus ? { subStatus: application.subStatus } : {}),
    ...(application.reason && application.status === 'REJECTED' ? { reasonOfRejection: application.reason } : {}),
    ...(application.reason && application.status === 'WITHDRAWN' ? { reasonOfWithdrawal: application.reason } : {}),
    startsOn: srDate(application.createdOn),
    source: application.source,
    actions: { sourceDetails: action(`/candidates/${application.candidateId}/jobs/${application.jobId}/source`) },
  });

  app.get('/candidates', requireScopes(['candidates_read']), (c) => {
    const q = c.req.query();
    const limit = intParam(q['limit'], 1, 100) ?? 10;
    const updatedAfter = dateParam(q['updatedAfter']);
    if (Number.isNaN(limit) || Number.isNaN(updatedAfter)) return srError(c, 400, 'INVALID_PARAMETER', 'limit or updatedAfter is invalid');
    const jobIds = c.req.queries('jobId');
    const wantedStatuses = c.req.queries('status');
    const subStatus = q['subStatus'];
    if (wantedStatuses?.some((s) => !statuses.has(s))) return srError(c, 400, 'INVALID_PARAMETER', `status must be one of ${[...statuses].join(', ')}`);
    if (subStatus !== undefined && !wantedStatuses) return srError(c, 400, 'INVALID_PARAMETER', 'subStatus requires status');
    const tags = c.req.queries('tag');
    const text = q['q']?.toLowerCase();
    const pageId = q['pageId'];
    const after = pageId === undefined ? undefined : decodePageId(pageId, listingOf(c.req.url));
    if (pageId !== undefined && after === undefined) return srError(c, 400, 'INVALID_PAGE_ID', 'pageId is invalid or belongs to another listing or filter');

    const tenant = deps.tenant();
    const ids = jobIds
      ? [...new Set(jobIds.flatMap((jobId) => tenant.candidatesByJob.get(jobId) ?? []))].sort()
      : tenant.sortedCandidateIds;
    const matches = (candidate: SbCandidate) => {
      if (updatedAfter !== undefined && candidate.updatedOn <= updatedAfter) return false;
      if (tags && !tags.some((t) => candidate.tags.includes(t))) return false;
      if (text && !`${candidate.firstName} ${candidate.lastName} ${candidate.email}`.toLowerCase().includes(text)) return false;
      if (!wantedStatuses) return true;
      const applications = tenant.applicationsOf(candidate).filter((a) => !jobIds || jobIds.includes(a.jobId));
      return applications.some((a) => wantedStatuses.includes(a.status) && (subStatus === undefined || a.subStatus === subStatus));
    };
    const start = after === undefined ? 0 : indexAfter(ids, after);
    let totalFound = 0;
    const page: SbCandidate[] = [];
    let more = false;
    for (let i = 0; i < ids.length; i++) {
      const candidate = tenant.candidates.get(ids[i] as string) as SbCandidate;
      if (!matches(candidate)) continue;
      totalFound++;
      if (i < start) continue;
      if (page.length < limit) page.push(candidate);
      else more = true;
    }
    const body: Record<string, unknown> = { limit, offset: 0, totalFound, content: page.map(listItem) };
    if (more) {
      const nextPageId = encodePageId(listingOf(c.req.url), (page[page.length - 1] as SbCandidate).id);
      body['nextPageId'] = nextPageId;
      const next = new URL(c.req.url);
      next.searchParams.set('pageId', nextPageId);
      c.header('Link', `<${deps.baseUrl()}${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json(body);
  });

  app.get('/candidates/:id', requireScopes(['candidates_read']), (c) => {
    const tenant = deps.tenant();
    const candidate = tenant.candidates.get(c.req.param('id'));
    if (!candidate) return srError(c, 404, 'CANDIDATE_NOT_FOUND', `Candidate ${c.req.param('id')} not found`);
    // Unconfirmed shape (the merged spec says `allOf [Job, Assignment]`, whose `Job` carries a
    // `job` sub-object): the job is given both flat and as `job`, with the application's status.
    const withJob = (application: SbApplication) => {
      const title = tenant.jobs.get(application.jobId)?.title ?? '';
      const job = { id: application.jobId, title, actions: { details: action(`/jobs/${application.jobId}`) } };
      return { id: application.jobId, title, job, ...assignment(application) };
    };
    const [primary, ...secondary] = tenant.applicationsOf(candidate);
    return c.json({
      id: candidate.id,
      internal: false,
      firstName: candidate.firstName,
      lastName: candidate.lastName,
      email: candidate.email,
      phoneNumber: candidate.phoneNumber,
      tags: candidate.tags,
      location: candidate.location,
      web: { linkedin: `https://www.linkedin.com/in/${candidate.id.slice(0, 8)}` },
      createdOn: srDate(candidate.createdOn),
      updatedOn: srDate(candidate.updatedOn),
      education: [],
      experience: [{ title: 'Specialist', company: 'Previous Employer Ltd', current: true }],
      ...(primary ? { primaryAssignment: withJob(primary) } : {}),
      secondaryAssignments: secondary.map(withJob),
      actions: {
        properties: action(`/candidates/${candidate.id}/properties`),
        attachments: action(`/candidates/${candidate.id}/attachments`),
      },
    });
  });

  const findApplication = (candidateId: string, jobId: string) => deps.tenant().application(candidateId, jobId);

  app.get('/candidates/:id/jobs/:jobId', requireScopes(['candidates_read']), (c) => {
    const application = findApplication(c.req.param('id'), c.req.param('jobId'));
    if (!application) return srError(c, 404, 'CANDIDATE_NOT_FOUND', 'No application of this candidate to this job');
    return c.json({
      applicationId: application.applicationId,
      candidateId: application.candidateId,
      jobId: application.jobId,
      ...assignment(application),
      url: `https://www.smartrecruiters.com/app/people/applications/${application.applicationId}`,
    });
  });

  app.get(
    '/candidates/:id/jobs/:jobId/status/history',
    // The spec names the scope candidate_status_read, the docs candidates_status_read: accept both.
    requireScopes(['candidates_read', 'candidate_status_read'], ['candidates_read', 'candidates_status_read']),
    (c) => {
      const application = findApplication(c.req.param('id'), c.req.param('jobId'));
      // Spec: CANDIDATE_NOT_FOUND when the candidate is unknown, JOB_NOT_FOUND when not assigned to the job.
      if (!application) {
        return deps.tenant().candidates.has(c.req.param('id'))
          ? srError(c, 404, 'JOB_NOT_FOUND', 'The candidate is not assigned to this job')
          : srError(c, 404, 'CANDIDATE_NOT_FOUND', `Candidate ${c.req.param('id')} not found`);
      }
      const content = application.history.map((h) => ({
        changedOn: srDate(h.changedOn),
        status: h.status,
        ...(h.subStatus ? { subStatus: h.subStatus } : {}),
      }));
      return c.json({ totalFound: content.length, content });
    },
  );

  app.put('/candidates/:id/jobs/:jobId/status', requireScopes(['candidates_manage']), async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { status?: unknown; subStatus?: unknown; startsOn?: unknown; reason?: unknown } | undefined;
    if (!body || typeof body.status !== 'string' || !statuses.has(body.status)) {
      return srError(c, 400, 'INVALID_PARAMETER', `status is required, one of ${[...statuses].join(', ')}`);
    }
    // The spec's CandidateStatus: subStatus and reason are strings, startsOn a date-time.
    for (const field of ['subStatus', 'reason', 'startsOn'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') return srError(c, 400, 'INVALID_PARAMETER', `${field} must be a string`);
    }
    if (typeof body.startsOn === 'string' && Number.isNaN(Date.parse(body.startsOn))) {
      return srError(c, 400, 'INVALID_PARAMETER', 'startsOn must be an ISO-8601 date-time');
    }
    const result = moveApplication(deps, {
      candidateId: c.req.param('id'),
      jobId: c.req.param('jobId'),
      status: body.status as ApplicationStatus,
      ...(typeof body.subStatus === 'string' ? { subStatus: body.subStatus } : {}),
      ...(typeof body.reason === 'string' ? { reason: body.reason } : {}),
      authorId: c.get('grant').userId,
    });
    if (!result.ok) return srError(c, result.status, result.code, result.message);
    return c.body(null, 204);
  });

  return app;
}
