import { ForbiddenError, NotFoundError, UpstreamError } from '@srw/errors';
import type { JobApplication } from '@srw/smartrecruiters';
import type { ApplicationLocator } from './run-context';

/**
 * Locates an audit event's application with SR's Job Applications API
 * (`GET /job-applications/{jobApplicationId}`: `profileId` is the candidate, `jobId` the job). One
 * locator serves one run: an application moved several times is asked for once. An application SR
 * no longer has, or an id it calls invalid, is not locatable (the audit sync counts it unresolved);
 * a grant without `job_applications_read` (SR's 403) makes the rest of the run ask no more and leave
 * moves to the per-trigger polls, instead of failing the run.
 */
export function jobApplicationLocator(jobApplication: (applicationId: string) => Promise<JobApplication>): ApplicationLocator {
  const located = new Map<string, Promise<{ candidateId: string; jobId: string } | undefined>>();
  let forbidden = false;
  const locate = async (applicationId: string) => {
    if (forbidden) return undefined;
    try {
      const { profileId, jobId } = await jobApplication(applicationId);
      return profileId && jobId ? { candidateId: profileId, jobId } : undefined;
    } catch (error) {
      if (error instanceof ForbiddenError) forbidden = true;
      else if (!(error instanceof NotFoundError) && !(error instanceof UpstreamError && error.status === 400)) throw error;
      return undefined;
    }
  };
  return (applicationId) => {
    let found = located.get(applicationId);
    if (!found) {
      found = locate(applicationId);
      // A transient failure is not remembered: the run fails and its retry asks again.
      found.catch(() => located.delete(applicationId));
      located.set(applicationId, found);
    }
    return found;
  };
}
