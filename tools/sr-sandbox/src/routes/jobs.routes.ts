import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { dateParam, decodePageId, encodePageId, indexAfter, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';
import type { SbJob } from '../state/tenant';

// The spec's filter enums (the status filter has no OTHER, though a job's status can be OTHER).
const jobStatuses = new Set<string>(['CREATED', 'SOURCING', 'FILLED', 'INTERVIEW', 'OFFER', 'CANCELLED', 'ON_HOLD']);
const postingStatuses = new Set<string>(['PUBLIC', 'INTERNAL', 'NOT_PUBLISHED', 'PRIVATE']);

/** `GET /jobs` (jobs.all), `GET /jobs/{jobId}` (jobs.get), `GET /jobs/{jobId}/status/history`. */
export function jobsRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const action = (path: string) => ({ url: `${deps.baseUrl()}${path}`, method: 'GET' as const });

  const summary = (job: SbJob) => ({
    id: job.id,
    title: job.title,
    refNumber: job.refNumber,
    createdOn: srDate(job.createdOn),
    updatedOn: srDate(job.updatedOn),
    lastActivityOn: srDate(job.lastActivityOn),
    department: job.department,
    location: job.location,
    status: job.status,
    postingStatus: job.postingStatus,
    language: { code: 'en', label: 'English', labelNative: 'English (US)' },
    actions: { details: action(`/jobs/${job.id}`) },
  });

  app.get('/jobs', requireScopes(['jobs_read']), (c) => {
    const q = c.req.query();
    const limit = intParam(q['limit'], 1, 100) ?? 10;
    const offset = intParam(q['offset'], 0, 10_000_000) ?? 0;
    const updatedAfter = dateParam(q['updatedAfter']);
    const lastActivityAfter = dateParam(q['lastActivityAfter']);
    if ([limit, offset, updatedAfter, lastActivityAfter].some((n) => Number.isNaN(n))) {
      return srError(c, 400, 'INVALID_PARAMETER', 'limit, offset, updatedAfter or lastActivityAfter is invalid');
    }
    if (q['sort'] !== undefined && q['sort'] !== 'default' && q['sort'] !== 'job_id') {
      return srError(c, 400, 'INVALID_PARAMETER', 'sort must be default or job_id');
    }
    const byId = q['sort'] === 'job_id';
    const pageId = q['pageId'];
    if (pageId !== undefined && !byId) return srError(c, 400, 'INVALID_PAGE_ID', 'pageId requires sort=job_id');
    const after = pageId === undefined ? undefined : decodePageId(pageId, listingOf(c.req.url));
    if (pageId !== undefined && after === undefined) return srError(c, 400, 'INVALID_PAGE_ID', 'pageId is invalid or belongs to another listing or filter');

    const statuses = c.req.queries('status');
    const postings = c.req.queries('postingStatus');
    // The spec's enums for both filters: a value outside them is a bad request, not an empty page.
    if (statuses?.some((s) => !jobStatuses.has(s))) return srError(c, 400, 'INVALID_PARAMETER', `status must be one of ${[...jobStatuses].join(', ')}`);
    if (postings?.some((s) => !postingStatuses.has(s))) {
      return srError(c, 400, 'INVALID_PARAMETER', `postingStatus must be one of ${[...postingStatuses].join(', ')}`);
    }
    const cities = c.req.queries('city');
    const departments = c.req.queries('department');
    const text = q['q']?.toLowerCase();
    const matches = (job: SbJob) =>
      (updatedAfter === undefined || job.updatedOn > updatedAfter) &&
      (lastActivityAfter === undefined || job.lastActivityOn > lastActivityAfter) &&
      (!statuses || statuses.includes(job.status)) &&
      (!postings || postings.includes(job.postingStatus)) &&
      (!cities || cities.includes(job.location.city)) &&
      (!departments || departments.includes(job.department.label)) &&
      (!text || job.title.toLowerCase().includes(text) || job.refNumber.toLowerCase().includes(text));

    const tenant = deps.tenant();
    const ids = tenant.sortedJobIds;
    let totalFound = 0;
    const page: SbJob[] = [];
    let more = false;
    // Default sort is newest first; `job_id` is ascending id, the only order with stable cursors.
    const ordered = byId ? ids : [...ids].reverse();
    const start = after === undefined ? 0 : indexAfter(ids, after);
    let skipped = 0;
    for (let i = 0; i < ordered.length; i++) {
      const job = tenant.jobs.get(ordered[i] as string) as SbJob;
      if (!matches(job)) continue;
      totalFound++;
      if (byId && i < start) continue;
      if (!byId && skipped < offset) {
        skipped++;
        continue;
      }
      if (page.length < limit) page.push(job);
      else more = true;
    }
    const body: Record<string, unknown> = { limit, offset: byId ? 0 : offset, totalFound, content: page.map(summary) };
    if (byId && more) {
      const nextPageId = encodePageId(listingOf(c.req.url), (page[page.length - 1] as SbJob).id);
      body['nextPageId'] = nextPageId;
      const next = new URL(c.req.url);
      next.searchParams.set('pageId', nextPageId);
      c.header('Link', `<${deps.baseUrl()}${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json(body);
  });

  app.get('/jobs/:jobId', requireScopes(['jobs_read']), (c) => {
    const tenant = deps.tenant();
    const job = tenant.jobs.get(c.req.param('jobId'));
    if (!job) return srError(c, 404, 'JOB_NOT_FOUND', `Job ${c.req.param('jobId')} not found`);
    const creator = tenant.users.get(job.creatorId);
    return c.json({
      ...summary(job),
      targetHiringDate: srDate(job.createdOn + 60 * 86_400_000),
      function: job.function,
      typeOfEmployment: job.typeOfEmployment,
      experienceLevel: job.experienceLevel,
      industry: { id: 'it', label: 'Information Technology' },
      template: false,
      creator: creator ? { id: creator.id, firstName: creator.firstName, lastName: creator.lastName } : undefined,
      compensation: job.compensation,
      jobAd: {
        sections: {
          companyDescription: { title: 'Company Description', text: '<p>Sandbox Inc.</p>' },
          jobDescription: { title: 'Job Description', text: job.description },
          qualifications: { title: 'Qualifications', text: '<p>Curiosity.</p>' },
          additionalInformation: { title: 'Additional Information', text: '' },
        },
      },
      properties: [],
      actions: {
        details: action(`/jobs/${job.id}`),
        hiringTeam: action(`/jobs/${job.id}/hiring-team`),
        publications: action(`/jobs/${job.id}/publication`),
        positions: action(`/jobs/${job.id}/positions`),
        applyOnWeb: { url: `https://jobs.sandbox.example/${job.id}`, method: 'GET' },
      },
    });
  });

  app.get('/jobs/:jobId/status/history', requireScopes(['jobs_read']), (c) => {
    const job = deps.tenant().jobs.get(c.req.param('jobId'));
    if (!job) return srError(c, 404, 'JOB_NOT_FOUND', `Job ${c.req.param('jobId')} not found`);
    const user = action(`/user-api/v201804/users/${job.creatorId}`);
    const content = [{ changedOn: srDate(job.createdOn), status: 'CREATED', actions: { user } }];
    if (job.status !== 'CREATED') content.push({ changedOn: srDate(job.updatedOn), status: job.status, actions: { user } });
    return c.json({ totalFound: content.length, content });
  });

  return app;
}
