import { AuditEventsApi } from './api/audit-events-api';
import { CandidatesApi } from './api/candidates-api';
import { JobApplicationsApi } from './api/job-applications-api';
import { JobsApi } from './api/jobs-api';
import { MessagesApi } from './api/messages-api';
import { UsersApi } from './api/users-api';
import { WebhooksApi } from './api/webhooks-api';
import type { RateLimiter } from '@srw/http-kit';
import { sharedRateLimiter } from './http/rate-limiter';
import { SrHttp } from './http/sr-http';
import type { AccessTokenSource } from './oauth/access-tokens';
import { defaultRetryPolicy, defaultSrSettings, type RetryPolicy, srProductionHosts, type SrSettings } from './sr-settings';

export interface SmartRecruitersClientOptions {
  /** SR's API host; the sandbox's URL in tests and demos. */
  baseUrl?: string;
  /** Identifies the SR credential (one grant per tenant): clients with the same id share one rate budget. */
  credentialId: string;
  auth: AccessTokenSource;
  /** Defaults to the process-wide limiter of `credentialId`. */
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  settings?: Partial<SrSettings>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The SmartRecruiters API as the integration uses it. Every call is rate limited per credential,
 * retried when SR asks to slow down or fails transiently, and validated; failures are our own
 * errors (`@srw/errors`): RateLimitedError, AuthorizationLostError, NotFoundError, ForbiddenError,
 * ValidationError (a response that does not match, naming the field), TransientError, UpstreamError.
 */
export class SmartRecruitersClient {
  readonly jobs: JobsApi;
  readonly candidates: CandidatesApi;
  readonly users: UsersApi;
  readonly auditEvents: AuditEventsApi;
  readonly jobApplications: JobApplicationsApi;
  readonly messages: MessagesApi;
  readonly webhooks: WebhooksApi;
  readonly limiter: RateLimiter;

  constructor(options: SmartRecruitersClientOptions) {
    const settings = { ...defaultSrSettings, ...options.settings };
    this.limiter = options.limiter ?? sharedRateLimiter(options.credentialId, settings);
    const http = new SrHttp({
      baseUrl: options.baseUrl ?? srProductionHosts.api,
      credentialId: options.credentialId,
      auth: options.auth,
      limiter: this.limiter,
      retry: { ...defaultRetryPolicy, ...options.retry },
      settings,
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    });
    this.jobs = new JobsApi(http);
    this.candidates = new CandidatesApi(http);
    this.users = new UsersApi(http);
    this.auditEvents = new AuditEventsApi(http);
    this.jobApplications = new JobApplicationsApi(http);
    this.messages = new MessagesApi(http);
    this.webhooks = new WebhooksApi(http);
  }
}
