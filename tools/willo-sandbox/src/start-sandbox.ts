import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { controlRoutes } from './routes/control.routes';
import { FaultInjector } from './http/faults';
import { seededRandom } from './random';
import { OrganisationQuotas, type RateLimitSettings } from './http/rate-limit';
import { apiRoutes, type RequestRecord } from './routes/api.routes';
import { sandboxControl, type WilloSandboxControl } from './sandbox-control';
import { sandboxWire } from './sandbox-settings';
import { SandboxState } from './state/sandbox-state';
import { seedDemoOrganisation } from './state/seed-demo-organisation';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface WilloSandboxOptions {
  /** 0 (the default) picks a free port; tests must always use 0. */
  port?: number;
  host?: string;
  /** Seeds keys, scores and fault draws, so a run repeats. */
  seed?: number;
  rateLimits?: Partial<RateLimitSettings>;
  /** Waits before each webhook retry. Default 0.5 s, 2 s, 10 s. */
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  /** Prefix expected before the key in `Authorization`; none by default (ASSUMED). */
  authPrefix?: 'Bearer' | 'Token';
  /** Whether `GET /participants/` honours `?interview=`/`?email=` (default true; both are undocumented). */
  participantFilters?: boolean;
  now?: () => number;
}

export interface WilloSandbox {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Where the API lives: `url` + `/api/integrations/v2`; the client's base URL. */
  apiBaseUrl: string;
  /** The demo organisation's key and its two seeded interviews. */
  apiKey: string;
  organisationId: string;
  interviewKeys: string[];
  control: WilloSandboxControl;
  close(): Promise<void>;
}

/** Builds the sandbox's hono app and its control handle without listening (for `app.request()`). */
export function createWilloSandbox(options: WilloSandboxOptions = {}, origin: () => string = () => 'http://localhost') {
  const now = options.now ?? Date.now;
  const random = seededRandom(options.seed ?? 20_261_127);
  const state = new SandboxState(random, now);
  const dispatcher = new WebhookDispatcher({
    retryDelaysMs: options.webhookRetryDelaysMs ?? [500, 2_000, 10_000],
    timeoutMs: options.webhookTimeoutMs ?? 5_000,
    random,
    now,
  });
  const quotas = new OrganisationQuotas(
    { ...sandboxWire.rateLimits, status: 429, sendRetryAfter: false, ...options.rateLimits },
    now,
  );
  const faults = new FaultInjector(random);
  const requests: RequestRecord[] = [];
  const participantFilters = options.participantFilters ?? true;
  const deps = { state, dispatcher, origin, participantFilters, quotas, faults, requests };
  const control = sandboxControl(deps);
  const app = apiRoutes({ ...deps, ...(options.authPrefix ? { authPrefix: options.authPrefix } : {}) });
  app.route('/_control', controlRoutes(control));
  app.get('/review/:key/', (c) => c.html(`<h1>Responses of participant ${escapeHtml(c.req.param('key'))}</h1>`));
  // The interview's `share_url` (ASSUMED field) leads somewhere too, as a candidate's link would.
  app.get('/i/:key/', (c) => {
    const interview = state.interviews.get(c.req.param('key'));
    return interview ? c.html(`<h1>${escapeHtml(interview.title)}</h1>`) : c.html('<h1>Not found</h1>', 404);
  });
  const demo = seedDemoOrganisation(state);
  return { app, control, dispatcher, demo };
}

/** Starts a stateful Willo sandbox on loopback (in-process for tests, or from `main.ts`). */
export async function startWilloSandbox(options: WilloSandboxOptions = {}): Promise<WilloSandbox> {
  let origin = '';
  const { app, control, dispatcher, demo } = createWilloSandbox(options, () => origin);
  const host = options.host ?? '127.0.0.1';
  // A busy port rejects (the caller names the setting) instead of an unhandled 'error' event.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => (s.off('error', reject), resolve(s)));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;

  return {
    url: origin,
    apiBaseUrl: origin + sandboxWire.apiRoot,
    apiKey: demo.apiKey,
    organisationId: demo.organisationId,
    interviewKeys: demo.interviewKeys,
    control,
    async close() {
      dispatcher.close();
      await dispatcher.settled();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
