import type { SrCallOptions, SrHttp } from '../http/sr-http';
import { type JobApplication, jobApplication } from '../schemas/job-applications';

/** Job Applications API (`/job-applications-api/v202112`): one application by its id, scope `job_applications_read`. */
export class JobApplicationsApi {
  constructor(private readonly http: SrHttp) {}

  /** @throws NotFoundError (`JOB_APPLICATION_NOT_FOUND`), ValidationError for an id SR finds invalid. */
  async get(jobApplicationId: string, options: SrCallOptions = {}): Promise<JobApplication> {
    const path = `/job-applications/${encodeURIComponent(jobApplicationId)}`;
    return (await this.http.send({ api: 'jobApplications', method: 'GET', path, route: '/job-applications/{jobApplicationId}', schema: jobApplication, ...options })).data;
  }
}
