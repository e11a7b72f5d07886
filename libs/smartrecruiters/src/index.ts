export { SmartRecruitersClient, type SmartRecruitersClientOptions } from './sr-client';
export { buildAuthorizeUrl, type AuthorizeUrlInput } from './oauth/authorize-url';
export { SrOAuthClient, type OAuthClientConfig } from './oauth/oauth-token-client';
export { OAuthAccessTokens, type AccessTokenSource, type OAuthAccessTokensOptions } from './oauth/access-tokens';
export { ConnectorAuthAccessTokens, type ConnectorAuthAccessTokensOptions } from './oauth/connector-auth-access-tokens';
export { InMemoryTokenStore, type SrTokens, type TokenStore } from './oauth/token-store';
export { sharedRateLimiter, srRateLimiter, srRateLimits, type Lane } from './http/rate-limiter';
export {
  connectorAuthPermitExchange,
  connectorAuthRateLimiter,
  srPermitExchangeAnswer,
  srPermitExchangeRequest,
  type ConnectorAuthRateLimiterOptions,
} from './http/connector-auth-rate-limiter';
export { srErrorCodes } from './http/error-mapping';
export { itemsOf, paginate, type Page } from './paging';
export { verifySrWebhookSignature, signedPayload, type DeliveryHeaders, type VerifyInput } from './webhooks/verify-signature';
export { integrationScopes } from './scopes';
export { defaultRetryPolicy, defaultSrSettings, srApiBasePaths, srProductionHosts, type RetryPolicy, type SrApi, type SrSettings } from './sr-settings';
export type { JobsFilter } from './api/jobs-api';
export type { CandidatesFilter } from './api/candidates-api';
export type { AuditEventsFilter } from './api/audit-events-api';
export type { NoteInput } from './api/messages-api';
export type { SubscriptionInput } from './api/webhooks-api';
export { applicationStatuses, type ApplicationStatus, type KnownApplicationStatus, type SrApplicationStatus } from './schemas/common';
export { jobStatuses, postingStatuses, type JobDetails, type JobSummary, type KnownJobStatus, type KnownPostingStatus } from './schemas/jobs';
export type { Application, CandidateDetails, CandidateSummary, StatusHistory } from './schemas/candidates';
export type { HiringProcess } from './schemas/configuration';
export type { JobApplication } from './schemas/job-applications';
export { userRoles, type KnownUserRole, type SrUser } from './schemas/users';
export { auditAuthorTypes, auditEntityTypes, type AuditEvent, type KnownAuditAuthorType, type KnownAuditEntityType } from './schemas/audit-events';
export { messageVisibilities, type KnownMessageVisibility, type MessageCreated, type MessageView } from './schemas/messages';
export {
  callbackStatuses,
  subscriptionStatuses,
  type CallbackLogEntry,
  type KnownCallbackStatus,
  type KnownSubscriptionStatus,
  type WebhookSubscription,
} from './schemas/webhooks';
export type { SrCallOptions } from './http/sr-http';
export { srClientEnv } from './sr-client-env';
