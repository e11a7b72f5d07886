import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';

/** The spec's `Uuid` (format uuid): anything else is `INVALID_JOB_APPLICATION_ID`. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Job Applications API (`/job-applications-api/v202112`): `GET /job-applications/{jobApplicationId}`
 * → `JobApplication` `{status, subStatus, sourceIdentifier, createDate, profileId, jobId}`, where
 * `profileId` is the candidate's id. Scope `job_applications_read`.
 */
export function jobApplicationsRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/job-applications/:jobApplicationId', requireScopes(['job_applications_read']), (c) => {
    const id = c.req.param('jobApplicationId');
    if (!uuid.test(id)) return srError(c, 400, 'INVALID_JOB_APPLICATION_ID', `${id} is not a job application id`);
    const application = deps.tenant().applicationById(id);
    if (!application) return srError(c, 404, 'JOB_APPLICATION_NOT_FOUND', `Job application ${id} not found`);
    return c.json({
      status: application.status,
      ...(application.subStatus ? { subStatus: application.subStatus } : {}),
      sourceIdentifier: sourceIdentifierOf(application.source),
      createDate: srDate(application.createdOn),
      profileId: application.candidateId,
      jobId: application.jobId,
    });
  });
  return app;
}

/** A stable uuid-shaped id per source name: the spec types `sourceIdentifier` as a Uuid, the sandbox keeps names. */
function sourceIdentifierOf(source: string): string {
  let hash = 0x811c9dc5;
  for (const char of source) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}
