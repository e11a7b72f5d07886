import { Hono } from 'hono';
import type { FaultInjector } from '../http/faults';
import type { OrganisationQuotas } from '../http/rate-limit';
import { interviewsRoutes } from './interviews.routes';
import { participantsRoutes } from './participants.routes';
import { webhooksRoutes } from './webhooks.routes';
import type { SandboxDeps, SandboxEnv } from '../sandbox-deps';
import { SandboxHttpError } from '../http/sandbox-http-error';
import { sandboxWire } from '../sandbox-settings';

/** One API request as the sandbox saw it, for tests to count (invites, throttles, faults). */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  organisationId?: string;
  faults: string[];
}

export interface ApiRoutesOptions extends SandboxDeps {
  quotas: OrganisationQuotas;
  faults: FaultInjector;
  requests: RequestRecord[];
  /** ASSUMED format of the `Authorization` value: the raw key unless a prefix is set here. */
  authPrefix?: 'Bearer' | 'Token';
}

/** The Willo API under `/api/integrations/v2`: auth, then quotas, then faults, then the resource. */
export function apiRoutes(options: ApiRoutesOptions) {
  const { state, quotas, faults, requests } = options;
  const api = new Hono<SandboxEnv>({ strict: true });

  api.use('*', async (c, next) => {
    const path = c.req.path.slice(sandboxWire.apiRoot.length);
    const record: RequestRecord = { method: c.req.method, path, status: 0, faults: [] };
    requests.push(record);
    try {
      const organisationId = authenticate(c.req.header(sandboxWire.authHeader), options.authPrefix);
      record.organisationId = organisationId;
      c.set('organisationId', organisationId);
      quotas.take(organisationId);
      const fired = faults.draw(c.req.method, path);
      record.faults = fired.map((f) => f.kind);
      for (const fault of fired) {
        if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1_000));
        if (fault.kind === 'throttle') {
          // Answered as a real quota refusal is, `Retry-After` included when the quotas send it.
          const headers: Record<string, string> = quotas.limits.sendRetryAfter ? { 'retry-after': '1' } : {};
          throw new SandboxHttpError(quotas.limits.status, 'Request was throttled. Expected available in 1 seconds.', headers);
        }
        if (fault.kind === 'error') throw new SandboxHttpError(fault.status ?? 503, 'Service temporarily unavailable.');
      }
      await next();
      const after = fired.find((f) => f.kind === 'error-after');
      if (after) c.res = errorResponse(new SandboxHttpError(after.status ?? 503, 'Service temporarily unavailable.'));
      record.status = c.res.status;
    } catch (error) {
      // Refusals before the handler (auth, quota, faults) are answered here so the record sees them.
      const response = errorResponse(error);
      record.status = response.status;
      return response;
    }
  });

  api.route('/interviews/', interviewsRoutes(options));
  api.route('/participants/', participantsRoutes(options));
  api.route('/webhooks/', webhooksRoutes(options));

  const app = new Hono({ strict: true });
  app.route(sandboxWire.apiRoot, api);
  // Whatever is not a known path (including a path without its trailing slash) is a DRF 404.
  app.notFound((c) => c.json({ detail: 'Not found.' }, 404));
  app.onError((error) => {
    if (!(error instanceof SandboxHttpError)) console.error('willo-sandbox: unexpected error', error);
    return errorResponse(error);
  });
  api.notFound((c) => c.json({ detail: 'Not found.' }, 404));
  api.onError((error) => {
    if (!(error instanceof SandboxHttpError)) console.error('willo-sandbox: unexpected error', error);
    return errorResponse(error);
  });
  return app;

  function authenticate(header: string | undefined, prefix: string | undefined): string {
    if (header === undefined || header.trim() === '') {
      throw new SandboxHttpError(401, 'Authentication credentials were not provided.');
    }
    const key = prefix === undefined ? header.trim() : header.trim().replace(new RegExp(`^${prefix}\\s+`), '');
    const organisationId = state.organisationByApiKey.get(key);
    if (organisationId === undefined) throw new SandboxHttpError(401, 'Invalid API key.');
    return organisationId;
  }
}

function errorResponse(error: unknown): Response {
  const status = error instanceof SandboxHttpError ? error.status : 500;
  const detail = error instanceof SandboxHttpError ? error.detail : 'A server error occurred.';
  const headers = error instanceof SandboxHttpError ? error.headers : {};
  return new Response(JSON.stringify({ detail }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
