import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteWilloCredentialsStore, TokenCipher } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import { SqliteBus } from '@srw/bus/embedded';
import { createConfigApiClient, type ConfigApiClient } from '@srw/config-api-client';
import { contentHashOf } from '@srw/projections/testing';
import { createEvent, streams, type DomainEvent, type EventType, type EventByType } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { createLogger } from '@srw/observability';
import { openReadModels, replayReadModels, type ReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { appendEvents, createService, handleCommand, serviceConfigSchema, type Service, type ServiceConfig } from '@srw/runtime';
import { integrationDecider } from '@srw/domain';
import type { ApiSecurityOptions } from '@srw/http-api';
import { signTestToken, testJwt, testJwtOptions, type TestTokenOptions } from '@srw/http-api/testing';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { Hono } from 'hono';
import { createSecuredConfigApi } from '../config-api';
import { connectorAuthClient } from '../connector-auth-client';
import { willoKeyCheck } from '../willo-key-check';

/** The issuer and audience the harness's config-api requires (`testJwt` of `@srw/http-api/testing`). */
export const jwtSettings = { issuer: testJwt.issuer, audience: testJwt.audience };

/** The frontend origin the harness's CORS allows. */
export const frontendOrigin = 'https://app.willo.test';

/** A token of the Willo frontend (HS256, the test secret), valid for an hour unless `options` say otherwise. */
export async function tokenFor(tenantId: string, userId = 'admin-1', options: Omit<TestTokenOptions, 'tenantId' | 'userId'> = {}): Promise<string> {
  return signTestToken({ expiresInSeconds: 3600, ...options, tenantId, userId });
}

export interface ConfigApiHarnessOptions {
  /** The security edge's settings, over the harness's (test JWT, {@link frontendOrigin}, 64 KiB, a rate no suite reaches). */
  security?: Partial<ApiSecurityOptions>;
  /** Every log line the service writes (info and up), parsed. */
  logLines?: Record<string, unknown>[];
  /** The deployment has a fallback Willo organisation (`WILLO_FALLBACK_ORGANISATION`); default: none. */
  willoFallback?: boolean;
}

/** The security edge of the harness: as production's, with a rate limit the suites never reach unless a spec lowers it. */
export const harnessSecurity = (overrides: Partial<ApiSecurityOptions> = {}): ApiSecurityOptions => ({
  jwt: testJwtOptions(),
  cors: { origins: [frontendOrigin] },
  bodyLimit: { maxBytes: 64 * 1024 },
  rateLimit: { burst: 100_000, perSecond: 100_000 },
  ...overrides,
});

export interface ConfigApiHarness {
  service: Service<ServiceConfig>;
  eventStore: SqliteEventStore;
  /** The tenants' Willo organisation keys config-api writes (embedded, test key ring). */
  willoCredentials: SqliteWilloCredentialsStore;
  /** The Willo that `PUT /willo-credentials` checks keys with: its organisations' keys are the accepted ones. */
  willo: WilloSandbox;
  readModels: ReadModels;
  /** `Authorization` header value of `tenantId`'s admin. */
  authorizationOf(tenantId: string, userId?: string): Promise<string>;
  /** A typed client calling the service in-process as `tenantId`'s admin. */
  client(tenantId: string, userId?: string): Promise<ConfigApiClient>;
  /** Raw in-process request, for what the typed client cannot send (bad JSON, foreign methods). */
  request(path: string, init?: RequestInit): Promise<Response>;
  append<T extends EventType>(stream: string, type: T, data: EventByType<T>['data'], observedAt?: string): Promise<void>;
  /** Applies every event appended so far to the read models, as the stage-projector would. */
  project(): Promise<void>;
  /** A synced job with its hiring stages. */
  seedJob(tenantId: string, jobId: string, title: string, updatedOn: string, stages?: { status: string; subStatus: string | null; processIds?: string[] }[]): Promise<void>;
  close(): Promise<void>;
}

export const defaultStages = [
  { status: 'NEW', subStatus: null },
  { status: 'IN_REVIEW', subStatus: 'Screening' },
  { status: 'INTERVIEW', subStatus: 'Video interview' },
];

/**
 * config-api as it runs (createService: its error handler, not-found and health routes; the security
 * edge of `@srw/http-api` with JWTs signed by the test secret) on the embedded event store and the
 * given read store, with connector-auth's HTTP contract answered in-process through the real HTTP port.
 */
export async function openConfigApiHarness(readStore: ReadStore, options: ConfigApiHarnessOptions = {}): Promise<ConfigApiHarness> {
  const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
  const bus = await SqliteBus.open({ pollIntervalMs: 20 });
  const readModels = await openReadModels(readStore);
  const clock = { now: () => Date.now() };
  const logLines = options.logLines;
  const logger = logLines
    ? createLogger({ service: 'config-api-test' }, { level: 'info', write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) })
    : createLogger({ service: 'config-api-test' }, { level: 'error' });
  const serviceToken = randomBytes(24).toString('base64url');

  const connectorApp = connectorAuthStandIn(eventStore, serviceToken);
  const credentialsDir = mkdtempSync(join(tmpdir(), 'config-api-willo-credentials-'));
  const willoCredentials = new SqliteWilloCredentialsStore(join(credentialsDir, 'willo-credentials.sqlite'), TokenCipher.fromConfig(testKeyRing('k1')));
  const willo = await startWilloSandbox({ port: 0, rateLimits: { perSecond: 10_000, perMinute: 100_000 } });

  const api = createSecuredConfigApi(
    {
      eventStore,
      readStore,
      connectorAuth: connectorAuthClient({ baseUrl: 'http://connector-auth.internal', serviceToken, fetch: (input, init) => Promise.resolve(connectorApp.request(input instanceof Request ? input : String(input), init)) }),
      willoCredentials,
      willoKeyCheck: willoKeyCheck({ baseUrl: willo.apiBaseUrl, rateLimits: { perSecond: 10_000, perMinute: 100_000 } }),
      willoFallbackOrganisation: options.willoFallback ?? false,
      logger,
    },
    clock,
    harnessSecurity(options.security),
  );
  const service = await createService(
    { name: 'config-api', configSchema: serviceConfigSchema, routes: () => api.routes },
    {
      env: {},
      logger,
      adapters: {
        eventStore,
        bus,
        readStore,
        kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' },
        close: async () => {
          await bus.close();
          await eventStore.close();
        },
      },
    },
  );

  let projectedUpTo: number | undefined;
  const harness: ConfigApiHarness = {
    service,
    eventStore,
    willoCredentials,
    willo,
    readModels,
    authorizationOf: async (tenantId, userId) => `Bearer ${await tokenFor(tenantId, userId)}`,
    async client(tenantId, userId) {
      const token = await tokenFor(tenantId, userId);
      return createConfigApiClient({ baseUrl: 'http://config-api.test/v1', token, fetch: (request: Request) => Promise.resolve(service.app.fetch(request)) });
    },
    request: async (path, init) => service.app.request(`http://config-api.test${path}`, init),
    async append(stream, type, data, observedAt = new Date().toISOString()) {
      const tenantId = stream.slice(stream.indexOf('-') + 1).split(':')[0]!;
      const event = createEvent(type, data, { tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt }) as DomainEvent;
      await appendEvents(eventStore, stream, [{ event, id: randomUUID() }]);
    },
    async project() {
      const result = await replayReadModels(eventStore, readModels, projectedUpTo === undefined ? {} : { after: projectedUpTo });
      projectedUpTo = result.lastPosition ?? projectedUpTo;
    },
    async seedJob(tenantId, jobId, title, updatedOn, stages = defaultStages) {
      const snapshot = { title, refNumber: `REF-${jobId}`, status: 'SOURCING', postingStatus: 'PUBLIC', department: 'Engineering', location: 'London, GB', createdOn: '2025-12-01T09:00:00.000Z', updatedOn };
      await harness.append(streams.srJob(tenantId, jobId), 'JobObserved', { jobId, snapshot, contentHash: contentHashOf(jobId + title + updatedOn) });
      await harness.append(streams.srJob(tenantId, jobId), 'JobStagesObserved', {
        jobId,
        stages: stages.map((stage, order) => ({ ...stage, label: stage.subStatus ?? stage.status, order })),
        contentHash: contentHashOf(`${jobId}:stages:${stages.length}`),
      });
    },
    async close() {
      await service.stop();
      await willoCredentials.close();
      await willo.close();
      rmSync(credentialsDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * connector-auth's HTTP contract as config-api uses it (an app never imports another; the real pair
 * runs together in apps/all-in-one): the service token checked, the enable and disconnect recorded
 * through the integration decider as connector-auth records them, the consent URL answered as JSON.
 */
function connectorAuthStandIn(eventStore: SqliteEventStore, serviceToken: string): Hono {
  const app = new Hono();
  const meta = (tenantId: string) => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() });
  app.use('*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${serviceToken}`) return c.json({ status: 401 }, 401);
    await next();
  });
  app.post('/integrations/:tenant/authorization-url', async (c) => {
    const tenantId = c.req.param('tenant');
    const plan = (c.req.query('plan') ?? 'launch') as 'launch';
    const userId = c.req.query('userId') ?? '';
    await handleCommand(eventStore, streams.integration(tenantId), integrationDecider, { type: 'RequestEnable', data: { requestedBy: userId, plan }, metadata: meta(tenantId) });
    return c.json({ authorizationUrl: `https://sr.example.test/identity/oauth/allow?state=${randomUUID()}` });
  });
  app.post('/integrations/:tenant/disconnect', async (c) => {
    const tenantId = c.req.param('tenant');
    const body = (await c.req.json()) as { userId: string; reason?: string };
    await handleCommand(eventStore, streams.integration(tenantId), integrationDecider, {
      type: 'Disconnect',
      data: { disconnectedBy: body.userId, ...(body.reason ? { reason: body.reason } : {}) },
      metadata: meta(tenantId),
    });
    return c.json({ tenant: tenantId, status: 'disconnected' });
  });
  return app;
}
