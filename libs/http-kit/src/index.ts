export { backoffDelay, type BackoffPolicy } from './backoff';
export { errorForStatus, type ErrorAnswer } from './error-for-status';
export { isKnown, openEnum, type OpenEnum } from './open-enum';
export {
  SlidingWindowRateLimiter,
  unlimitedRateLimiter,
  type RateLimiter,
  type RateLimitObservation,
  type RateLimits,
} from './rate-limiter';
export { errorBodyOf, parseJsonBody, snippetOf } from './response-body';
export { retryAfterMs } from './retry-after';
export { PermitLedger, type Permit, type PermitLedgerOptions, type PermitRelease } from './permit-ledger';
export { SharedRateBudget, type PermitExchange, type PermitExchangeAnswer, type SharedRateBudgetOptions } from './shared-rate-budget';
export { RemotePermitLimiter, type RemotePermitLimiterOptions } from './remote-permit-limiter';
export { inClientSpan, type ClientCall } from './client-span';
