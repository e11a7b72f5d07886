export interface BackoffPolicy {
  /** The ceiling of the first retry's delay; it doubles with each retry. */
  baseDelayMs: number;
  /** The highest ceiling: no delay is longer. */
  maxDelayMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential backoff with full
 * jitter, uniformly random below `min(maxDelayMs, baseDelayMs · 2^attempt)`, so that callers that
 * failed together do not retry together. `atLeastMs` is a floor, e.g. the server's `Retry-After`.
 * `random` returns [0, 1); tests pass a fixed one.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random, atLeastMs = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.max(atLeastMs, random() * ceiling);
}
