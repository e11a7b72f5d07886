export { createSrSandbox, defaultSandboxClient, sandboxDefaultScopes, srRateLimits, startSrSandbox } from './start-sr-sandbox';
export type { RunningSrSandbox, SrSandboxOptions } from './start-sr-sandbox';
export type { SandboxControl } from './sandbox-control';
export type { FaultSettings } from './http/faults';
export type { RateLimitSettings } from './http/rate-limit';
export type { WebhookSettings } from './webhooks/webhook-dispatcher';
export type { SeedOptions } from './state/seed-tenant';
export type { ApplicationStatus, SbApplication, SbCandidate, SbJob, Tenant } from './state/tenant';
export type { MoveRequest, MoveResult } from './state/move-application';
