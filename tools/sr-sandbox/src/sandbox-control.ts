import type { SandboxClock } from './clock';
import type { FaultSettings, InjectedFaults } from './http/faults';
import type { RateLimitSettings } from './http/rate-limit';
import type { HeldRequestInfo, RequestHold, RequestHolds } from './http/request-holds';
import type { GrantRegistry, TokenResponse } from './oauth/grants';
import { unknownScopes } from './oauth/scopes';
import { type SeedOptions, seedTenant } from './state/seed-tenant';
import { type MoveRequest, type MoveResult, moveApplication } from './state/move-application';
import type { Tenant } from './state/tenant';
import { deleteCandidate, type DeleteCandidateRequest, type DeleteCandidateResult } from './state/delete-candidate';
import type { SandboxDeps } from './sandbox-deps';
import type { WebhookDispatcher, WebhookSettings } from './webhooks/webhook-dispatcher';

/** Everything tests and demos may do to the sandbox besides calling the SR API. */
export interface SrSandboxControl {
  /** Replaces the tenant with a deterministic one (same options, same ids). */
  seed(options?: SeedOptions): Tenant;
  tenant(): Tenant;
  /** Moves an application to a stage, with audit event and webhook, as a recruiter would. */
  moveCandidate(request: MoveRequest): MoveResult;
  /** Deletes a candidate and their applications, with a `CANDIDATE_DELETED` audit event and the `candidate.deleted` webhook. */
  deleteCandidate(request: DeleteCandidateRequest): DeleteCandidateResult;
  /** Grants access without the authorize page: for tests of everything after consent. */
  /** Throws a RangeError for a scope SR does not name. */
  issueGrant(scopes?: string[], userId?: string): TokenResponse;
  /** Revokes grants (all when no id is given): their tokens then answer 401 / invalid_grant. */
  revokeGrants(grantId?: string): number;
  injectFaults(faults: FaultSettings): void;
  setRateLimit(limits: RateLimitSettings | false): void;
  setWebhookSettings(settings: Partial<WebhookSettings>): void;
  /** Moves the sandbox clock (token expiry, key expiry, audit dates) forward. */
  advanceClock(ms: number): void;
  /** Successful refreshes, and requests answered 429 by the rate limit (not by injected faults). */
  stats(): { tokenRefreshes: number; rateLimited: number };
  /** The faults injected so far (API answers and webhook deliveries), by kind. */
  injectedFaults(): InjectedFaults;
  /**
   * Every SR API request the sandbox answered (OAuth and control requests left out), oldest first:
   * how tests count the calls a client really made, from the server's side.
   */
  requests(): readonly SandboxRequest[];
  /**
   * Parks the next SR API request that `match` accepts (after auth and the rate limit) until the
   * hold is released; one whose client disconnects meanwhile is logged with status 499, never served.
   */
  holdRequest(match: (request: HeldRequestInfo) => boolean): RequestHold;
  grants: GrantRegistry;
  webhooks: WebhookDispatcher;
  clock: SandboxClock;
}

/** One SR API request as the sandbox answered it. */
export interface SandboxRequest {
  method: string;
  /** The request path, base path included, e.g. `/jobs` or `/audit-api/v201910/audit-events`. */
  path: string;
  query: URLSearchParams;
  status: number;
  /** The grant whose token authorised it; absent when the token was refused. */
  grantId?: string;
}

export interface ControlState {
  tenant: Tenant;
  faults: FaultSettings;
  rateLimit: RateLimitSettings | false;
  webhookSettings: WebhookSettings;
  defaultScopes: string[];
  clientId: string;
  counters: { rateLimited: number; injected: InjectedFaults };
  requests: SandboxRequest[];
}

export function sandboxControl(state: ControlState, deps: SandboxDeps, grants: GrantRegistry, holds: RequestHolds): SrSandboxControl {
  return {
    seed: (options) => (state.tenant = seedTenant({ now: deps.clock.now(), ...options })),
    tenant: () => state.tenant,
    moveCandidate: (request) => moveApplication(deps, request),
    deleteCandidate: (request) => deleteCandidate(deps, request),
    issueGrant: (scopes = state.defaultScopes, userId = state.tenant.integrationUserId) => {
      const unknown = unknownScopes(scopes);
      if (unknown.length > 0) throw new RangeError(`unknown SR scope(s): ${unknown.join(' ')}`);
      return grants.createGrant(state.clientId, userId, scopes);
    },
    revokeGrants: (grantId) => {
      const targets = grantId === undefined ? grants.grantsOf() : grants.grantsOf().filter((g) => g.id === grantId);
      for (const g of targets) grants.revokeGrant(g.id);
      return targets.length;
    },
    injectFaults: (faults) => {
      state.faults = faults;
    },
    setRateLimit: (limits) => {
      state.rateLimit = limits;
    },
    setWebhookSettings: (settings) => {
      state.webhookSettings = { ...state.webhookSettings, ...settings };
    },
    advanceClock: (ms) => deps.clock.advance(ms),
    stats: () => ({ tokenRefreshes: grants.refreshCount, rateLimited: state.counters.rateLimited }),
    injectedFaults: () => ({ ...state.counters.injected }),
    requests: () => state.requests,
    holdRequest: (match) => holds.hold(match),
    grants,
    webhooks: deps.webhooks,
    clock: deps.clock,
  };
}
