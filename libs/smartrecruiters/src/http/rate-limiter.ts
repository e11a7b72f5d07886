import { type RateLimiter, type RateLimits, SlidingWindowRateLimiter } from '@srw/http-kit';
import type { SrSettings } from '../sr-settings';

/** `candidate-listing` is `GET /candidates`, which SR allows only once at a time per credential. */
export type Lane = 'default' | 'candidate-listing';

type LimitSettings = Pick<SrSettings, 'requestsPerSecond' | 'concurrentRequests' | 'concurrentCandidateListings' | 'windowMarginMs'>;

/** SR's limits per credential: 10 requests per rolling second, 8 in flight, one `GET /candidates` at a time. */
export function srRateLimits(settings: LimitSettings): RateLimits {
  return {
    perSecond: settings.requestsPerSecond,
    concurrent: settings.concurrentRequests,
    concurrentPerLane: { 'candidate-listing': settings.concurrentCandidateListings } satisfies Partial<Record<Lane, number>>,
    marginMs: settings.windowMarginMs,
  };
}

/** The budget of one SR credential within one process (see {@link srRateLimits}). */
export function srRateLimiter(settings: LimitSettings): SlidingWindowRateLimiter {
  return new SlidingWindowRateLimiter(srRateLimits(settings));
}

const shared = new Map<string, RateLimiter>();

/**
 * The one limiter of an SR credential in this process: every client built for the same credential
 * shares its budget (SR counts per credential, not per client object).
 */
export function sharedRateLimiter(credentialId: string, settings: LimitSettings): RateLimiter {
  let limiter = shared.get(credentialId);
  if (!limiter) shared.set(credentialId, (limiter = srRateLimiter(settings)));
  return limiter;
}
