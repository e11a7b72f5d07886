import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { offsetClock } from './clock';
import { bearerAuth } from './http/auth';
import { errorBody } from './http/error-body';
import { type FaultSettings, injectFaults, injectLatency, noInjectedFaults } from './http/faults';
import { type RateLimitSettings, rateLimit } from './http/rate-limit';
import { RequestHolds } from './http/request-holds';
import type { SandboxEnv } from './http/sandbox-env';
import { GrantRegistry, type OAuthClient } from './oauth/grants';
import { oauthRoutes } from './routes/oauth.routes';
import { seededRandom } from './random';
import { auditRoutes } from './routes/audit.routes';
import { candidatesRoutes } from './routes/candidates.routes';
import { configurationRoutes } from './routes/configuration.routes';
import { controlRoutes } from './routes/control.routes';
import { jobApplicationsRoutes } from './routes/job-applications.routes';
import { jobsRoutes } from './routes/jobs.routes';
import { messagesRoutes } from './routes/messages.routes';
import { usersRoutes } from './routes/users.routes';
import { webhooksRoutes } from './routes/webhooks.routes';
import { type ControlState, type SrSandboxControl, sandboxControl } from './sandbox-control';
import type { SandboxDeps } from './sandbox-deps';
import { type SeedOptions, seedTenant } from './state/seed-tenant';
import { srWebhookSettings, WebhookDispatcher, type WebhookSettings } from './webhooks/webhook-dispatcher';

export const srRateLimits: RateLimitSettings = { perSecond: 10, concurrent: 8, candidatesListConcurrent: 1 };

/** Every scope the integration asks for; the default of the authorize page and of `issueGrant`. */
export const sandboxDefaultScopes = [
  'jobs_read',
  'candidates_read',
  'candidate_status_read',
  'configuration_read',
  'users_read',
  'user_me_read',
  'audit_events_read',
  'job_applications_read',
  'messages_read',
  'messages_write',
  'webhooks_manage',
];

export interface SrSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  hostname?: string;
  seed?: SeedOptions;
  client?: OAuthClient;
  /** SR's limits by default; `false` turns them off. */
  rateLimit?: RateLimitSettings | false;
  webhooks?: Partial<WebhookSettings>;
  faults?: FaultSettings;
  faultSeed?: number;
  accessTokenTtlMs?: number;
  refreshTokenTtlMs?: number;
  /** Unconfirmed in SR's docs: whether a stage move bumps the candidate's `updatedOn`. */
  statusChangeBumpsCandidateUpdatedOn?: boolean;
  /** Unconfirmed: whether `GET /users` answers `nextPageId` (docs, default) or pages by offset only (spec). */
  usersNextPageId?: boolean;
  allowLoopbackHttpCallbacks?: boolean;
  /** Unconfirmed: the largest request body SR takes; 1 MiB by default, larger ones answer 413. */
  maxBodyBytes?: number;
}

export interface SrSandbox {
  /** Origin serving every SR API at its own base path, and `/identity/oauth/*`. */
  url: string;
  client: OAuthClient;
  control: SrSandboxControl;
  close(): Promise<void>;
}

export const defaultSandboxClient: OAuthClient = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  redirectUris: ['http://localhost:3000/oauth/smartrecruiters/callback', 'http://127.0.0.1/callback'],
};

/** Builds the sandbox's hono app and its control handle without listening (for `app.request()`). */
export function createSrSandbox(options: SrSandboxOptions = {}, baseUrl: () => string = () => 'http://localhost') {
  const clock = offsetClock();
  const client = options.client ?? defaultSandboxClient;
  const state: ControlState = {
    tenant: seedTenant({ now: clock.now(), ...options.seed }),
    faults: options.faults ?? {},
    rateLimit: options.rateLimit ?? srRateLimits,
    webhookSettings: { ...srWebhookSettings, ...options.webhooks },
    defaultScopes: sandboxDefaultScopes,
    clientId: client.clientId,
    counters: { rateLimited: 0, injected: noInjectedFaults() },
    requests: [],
  };
  const random = seededRandom(options.faultSeed ?? 7);
  const webhooks = new WebhookDispatcher(clock, () => state.webhookSettings, () => state.faults, () => random, state.counters.injected);
  const deps: SandboxDeps = {
    tenant: () => state.tenant,
    clock,
    baseUrl,
    webhooks,
    settings: {
      statusChangeBumpsCandidateUpdatedOn: options.statusChangeBumpsCandidateUpdatedOn ?? false,
      usersNextPageId: options.usersNextPageId ?? true,
    },
  };
  const grants = new GrantRegistry(new Map([[client.clientId, client]]), clock, {
    accessTokenTtlMs: options.accessTokenTtlMs ?? 30 * 60_000,
    refreshTokenTtlMs: options.refreshTokenTtlMs ?? 28 * 86_400_000,
    codeTtlMs: 10 * 60_000,
  });
  const holds = new RequestHolds();
  const control = sandboxControl(state, deps, grants, holds);

  // One API sub-app per SR base path (API-NOTES §2), all behind faults → auth → rate limit →
  // latency → test holds. SR's budget is per credential across every API, so all share one rate-limit middleware.
  const faults = injectFaults(() => state.faults, () => random, state.counters.injected);
  const auth = bearerAuth(grants);
  const limits = rateLimit(() => state.rateLimit, state.counters);
  const latency = injectLatency(() => state.faults, () => random);
  // Outermost, so that a request refused by a fault, auth or the rate limit is logged too: SR counts it.
  const log: MiddlewareHandler<SandboxEnv> = async (c, next) => {
    await next();
    const url = new URL(c.req.url);
    const grantId = c.get('grant')?.id;
    state.requests.push({ method: c.req.method, path: c.req.path, query: url.searchParams, status: c.res.status, ...(grantId ? { grantId } : {}) });
  };
  const api = (...routes: Hono<SandboxEnv>[]) => {
    const sub = new Hono<SandboxEnv>();
    sub.use('*', log, faults, auth, limits, latency, holds.middleware());
    for (const r of routes) sub.route('/', r);
    return sub;
  };
  const app = new Hono();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBodyBytes} bytes`), 413),
    }),
  );
  app.route('/', oauthRoutes(grants, () => state.tenant, state.defaultScopes));
  app.route('/', controlRoutes(control));
  app.route('/user-api/v201804', api(usersRoutes(deps)));
  app.route('/webhooks-api/v201907', api(webhooksRoutes(deps, { allowLoopbackHttp: options.allowLoopbackHttpCallbacks ?? true })));
  app.route('/audit-api/v201910', api(auditRoutes(deps)));
  app.route('/job-applications-api/v202112', api(jobApplicationsRoutes(deps)));
  app.route('/', api(jobsRoutes(deps), candidatesRoutes(deps), configurationRoutes(deps), messagesRoutes(deps)));
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    console.error('sr-sandbox: unhandled error', error);
    return c.json(errorBody('INTERNAL_ERROR', 'Unexpected error'), 500);
  });
  return { app, control, client, webhooks };
}

/** Starts the sandbox on loopback. Tests use port 0 and read `url`. */
export async function startSrSandbox(options: SrSandboxOptions = {}): Promise<SrSandbox> {
  let url = '';
  const sandbox = createSrSandbox(options, () => url);
  const hostname = options.hostname ?? '127.0.0.1';
  // A busy port rejects (the caller names the setting) instead of an unhandled 'error' event.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: sandbox.app.fetch, port: options.port ?? 0, hostname }, () => (s.off('error', reject), resolve(s)));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  // Listening on every interface: links and the printed URL name loopback, which always reaches it.
  const reachable = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
  return {
    url,
    client: sandbox.client,
    control: sandbox.control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.webhooks.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
