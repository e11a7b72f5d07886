import { inviteOnceWith, type InviteOnceRequest, type InviteOnceResult } from './invite-once';
import { willoInterviews, type WilloInterviews } from './interviews';
import { willoParticipants, type WilloParticipants } from './participants';
import { SlidingWindowRateLimiter, systemClock, type Clock, type WilloRateLimiter } from './rate-limiter';
import { willoWebhooks, type WilloWebhooks } from './webhooks';
import { WilloHttp } from './willo-http';
import {
  defaultAuthScheme,
  defaultRetrySettings,
  willoBaseUrls,
  type WilloAuthScheme,
  type WilloEnvironment,
  type WilloRetrySettings,
} from './willo-settings';

export interface WilloClientOptions {
  /** The integration key of a dedicated Willo user: the key acts with that user's permissions. */
  apiKey: string;
  /** Production or staging (default production); ignored when `baseUrl` is set. */
  environment?: WilloEnvironment;
  /** Overrides the environment's URL (the sandbox's `apiBaseUrl`). No trailing slash. */
  baseUrl?: string;
  authScheme?: WilloAuthScheme;
  /**
   * Share one limiter between every client of the same organisation. Default: a new limiter with
   * Willo's default quotas, for this client alone.
   */
  rateLimiter?: WilloRateLimiter;
  retry?: Partial<WilloRetrySettings>;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
}

/**
 * Willo's Integration API V2. Every answer is validated (a `ValidationError` names the field), every
 * failure is one of our errors: `AuthorizationLostError` (401: the key was revoked), `ForbiddenError`,
 * `NotFoundError`, `RateLimitedError` (after the throttling retries are spent), `TransientError` (5xx,
 * network, timeout; retried first for idempotent calls), `UpstreamError` (400 and other refusals).
 */
export interface WilloClient {
  interviews: WilloInterviews;
  participants: WilloParticipants;
  webhooks: WilloWebhooks;
  /** Invites at most once per (interview, email); see {@link inviteOnceWith} for the guarantee. */
  inviteOnce(request: InviteOnceRequest): Promise<InviteOnceResult>;
}

export function createWilloClient(options: WilloClientOptions): WilloClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry = { ...defaultRetrySettings, ...options.retry };
  const http = new WilloHttp({
    baseUrl: (options.baseUrl ?? willoBaseUrls[options.environment ?? 'production']).replace(/\/+$/, ''),
    apiKey: options.apiKey,
    authScheme: options.authScheme ?? defaultAuthScheme,
    fetch: options.fetch ?? globalThis.fetch,
    rateLimiter: options.rateLimiter ?? new SlidingWindowRateLimiter(undefined, clock),
    clock,
    random,
    retry,
  });
  const participants = willoParticipants(http);
  return {
    interviews: willoInterviews(http),
    participants,
    webhooks: willoWebhooks(http),
    inviteOnce: inviteOnceWith(participants, clock, random, retry),
  };
}
