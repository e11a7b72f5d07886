export { startWilloSandbox, type WilloSandbox, type WilloSandboxOptions } from './start-sandbox';
export type { WilloSandboxControl } from './sandbox-control';
export type { FaultPlan } from './faults';
export type { SandboxRateLimits } from './rate-limits';
export type { RequestRecord } from './sandbox-app';
export type { DeliveryRecord } from './webhook-dispatcher';
export type { Invitation } from './sandbox-state';
export { willoOpenApiValidator } from './testing/willo-openapi';
