import { randomBytes, randomUUID } from 'node:crypto';
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
import { SignJWT } from 'jose';
import { Hono } from 'hono';
import { createConfigApi } from '../config-api';
import { connectorAuthClient } from '../connector-auth-client';
import { hs256Authenticate } from '../hs256-authenticate';

export const jwtSettings = { secret: randomBytes(32).toString('base64url'), issuer: 'https://willo.example.test', audience: 'srw-config-api', clockToleranceSeconds: 30 };

/** A token of the Willo frontend, HS256, valid for an hour unless `claims` say otherwise. */
export async function tokenFor(tenantId: string, userId = 'admin-1', options: { secret?: string; issuer?: string; audience?: string; expiresAt?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant_id: tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(options.issuer ?? jwtSettings.issuer)
    .setAudience(options.audience ?? jwtSettings.audience)
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 3600)
    .sign(new TextEncoder().encode(options.secret ?? jwtSettings.secret));
}

export interface ConfigApiHarness {
  service: Service<ServiceConfig>;
  eventStore: SqliteEventStore;
  readModels: ReadModels;
  /** A typed client calling the service in-process as `tenantId`'s admin. */
  client(tenantId: string, userId?: string): Promise<ConfigApiClient>;
  /** Raw in-process request, for what the typed client cannot send (bad JSON, foreign methods). */
  request(path: string, init?: RequestInit): Promise<Response>;
  append<T extends EventType>(stream: string, type: T, data: EventByType<T>['data'], observedAt?: string): Promise<void>;
  /** Applies every event appended so far to the read models, as the stage-projector would. */
  project(): Promise<void>;
  /** A synced job with its hiring stages. */
  seedJob(tenantId: string, jobId: string, title: string, updatedOn: string, stages?: { status: string; subStatus: string | null }[]): Promise<void>;
  close(): Promise<void>;
}

export const defaultStages = [
  { status: 'NEW', subStatus: null },
  { status: 'IN_REVIEW', subStatus: 'Screening' },
  { status: 'INTERVIEW', subStatus: 'Video interview' },
];

/**
 * config-api as it runs (createService: its error handler, not-found and health routes) on the
 * embedded event store and the given read store, with connector-auth's HTTP contract answered
 * in-process through the real HTTP port, and the HS256 placeholder authenticating real tokens.
 */
export async function openConfigApiHarness(readStore: ReadStore): Promise<ConfigApiHarness> {
  const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
  const bus = await SqliteBus.open({ pollIntervalMs: 20 });
  const readModels = await openReadModels(readStore);
  const clock = { now: () => Date.now() };
  const logger = createLogger({ service: 'config-api-test' }, { level: 'error' });
  const serviceToken = randomBytes(24).toString('base64url');

  const connectorApp = connectorAuthStandIn(eventStore, serviceToken);

  const api = createConfigApi(
    {
      eventStore,
      readStore,
      connectorAuth: connectorAuthClient({ baseUrl: 'http://connector-auth.internal', serviceToken, fetch: (input, init) => Promise.resolve(connectorApp.request(input instanceof Request ? input : String(input), init)) }),
      logger,
    },
    clock,
    { authenticate: hs256Authenticate(jwtSettings) },
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
    readModels,
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
