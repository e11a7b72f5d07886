import { ValidationError } from '@srw/errors';
import { inviteOnceWith, type InviteOnceRequest, type InviteOnceResult } from './invite-once';
import { willoInterviews, type WilloInterviews } from './interviews';
import { willoParticipants, type WilloParticipants } from './participants';
import { type RateLimiter, SlidingWindowRateLimiter } from '@srw/http-kit';
import { systemClock, type Clock } from './clock';
import { willoWebhooks, type WilloWebhooks } from './webhooks';
import { WilloHttp } from './willo-http';
import {
  defaultAuthScheme,
  defaultRetrySettings,
  willoBaseUrls,
  willoRateLimits,
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
  rateLimiter?: RateLimiter;
  /** The organisation's quotas when Willo grants other than its defaults (ignored with `rateLimiter`). */
  rateLimits?: { perSecond?: number; perMinute?: number };
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
  /** Resolves when Willo accepts the key (see {@link WilloInterviews.verifyKey}): one call, one interview at most. */
  verifyKey(): Promise<void>;
  /** Invites at most once per (interview, email); see {@link inviteOnceWith} for the guarantee. */
  inviteOnce(request: InviteOnceRequest): Promise<InviteOnceResult>;
}

/**
 * The key as it will travel in `Authorization`. Refused (without echoing it) when fetch would refuse
 * the header: fetch's own error quotes the whole header value, so a key with a stray line break would
 * otherwise end up, in clear, in the message of every (retried) error.
 */
function checkedApiKey(apiKey: string): string {
  const trimmed = apiKey.trim();
  if (/^[\x21-\x7e]+$/.test(trimmed)) return trimmed;
  const problem = trimmed === '' ? 'must not be empty' : 'must be printable ASCII without spaces or line breaks';
  throw new ValidationError('Willo client options', [{ path: 'apiKey', message: problem }]);
}

/** The base URL without trailing slashes; refused up front, or every call would throw fetch's own TypeError. */
function checkedBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  const url = URL.parse(trimmed);
  const web = url?.protocol === 'https:' || url?.protocol === 'http:';
  if (url && web && url.search === '' && url.hash === '') return trimmed;
  const problem = 'must be an http(s) URL without query or fragment';
  throw new ValidationError('Willo client options', [{ path: 'baseUrl', message: problem }]);
}

/** Throws `ValidationError` (naming `apiKey` or `baseUrl`, never quoting the key) for unusable options. */
export function createWilloClient(options: WilloClientOptions): WilloClient {
  const apiKey = checkedApiKey(options.apiKey);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry = { ...defaultRetrySettings, ...options.retry };
  const baseUrl = checkedBaseUrl(options.baseUrl ?? willoBaseUrls[options.environment ?? 'production']);
  const http = new WilloHttp({
    baseUrl,
    apiKey,
    authScheme: options.authScheme ?? defaultAuthScheme,
    fetch: options.fetch ?? globalThis.fetch,
    rateLimiter: options.rateLimiter ?? new SlidingWindowRateLimiter({ ...willoRateLimits, ...options.rateLimits }),
    clock,
    random,
    retry,
  });
  const participants = willoParticipants(http);
  const interviews = willoInterviews(http);
  return {
    interviews,
    verifyKey: interviews.verifyKey,
    participants,
    webhooks: willoWebhooks(http),
    inviteOnce: inviteOnceWith(participants, clock, random, retry, baseUrl),
  };
}
