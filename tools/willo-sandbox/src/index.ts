export { createWilloSandbox, startWilloSandbox, type WilloSandbox, type WilloSandboxOptions } from './start-sandbox';
export type { WilloSandboxControl } from './sandbox-control';
export type { FaultPlan } from './http/faults';
export type { RateLimitSettings } from './http/rate-limit';
export type { RequestRecord } from './routes/api.routes';
export type { DeliveryRecord } from './webhooks/webhook-dispatcher';
export type { Invitation } from './state/sandbox-state';
export { willoOpenApiValidator } from './openapi/willo-openapi';
