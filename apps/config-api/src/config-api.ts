import { OpenAPIHono } from '@hono/zod-openapi';
import { relayCategoriesOf } from '@srw/contracts';
import { openReadModels, type ReadModels } from '@srw/projections';
import type { ServiceDefinition, SubApp } from '@srw/runtime';
import { apiSecurityOptionsOf, authenticateJwt, rateLimitPerTenant, withApiEdge, type ApiSecurityOptions } from '@srw/http-api';
import type { Logger } from '@srw/observability';
import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import { lazyStore } from '@srw/runtime';
import { openWilloCredentialsStore, optionalKeyRingOf, TokenCipher } from '@srw/vault';
import { willoRateLimitsOf } from '@srw/willo';
import type { ConfigApiEnv } from './caller';
import { configApiConfigSchema, type ConfigApiConfig } from './config';
import { connectorAuthClient } from './connector-auth-client';
import type { Clock, ConfigApiPorts } from './ports';
import { adminPageRoutes } from './admin-page/admin-page.routes';
import { referencePageRoutes } from './reference-page';
import { activityRoutes } from './routes/activity.routes';
import { integrationsRoutes } from './routes/integrations.routes';
import { invitesRoutes } from './routes/invites.routes';
import { jobsRoutes } from './routes/jobs.routes';
import { mappingsRoutes } from './routes/mappings.routes';
import { willoCredentialsRoutes } from './routes/willo-credentials.routes';
import { willoKeyCheck } from './willo-key-check';

/** Where the API is mounted: every path of the OpenAPI document is under it. */
export const apiVersionPath = '/v1';

export interface ConfigApiOptions {
  /**
   * Verifies the caller (the Willo frontend's JWT) and sets `c.var.caller`; answers 401 itself.
   * Every route takes the tenant from it, never from the path or body.
   */
  authenticate: MiddlewareHandler<ConfigApiEnv>;
}

export interface ConfigApi {
  /** The routes under `/v1` (the document, the reference page, the resources), without the edge. */
  app: OpenAPIHono<ConfigApiEnv>;
  /** Sub-apps by mount path: `/v1`. */
  routes: Record<string, SubApp>;
  /** The OpenAPI 3.1 document served at `/v1/openapi.json`. */
  openApiDocument(): ReturnType<OpenAPIHono['getOpenAPI31Document']>;
}

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'SmartRecruiters ↔ Willo config-api',
    version: '1.0.0',
    description: 'The API of the Willo frontend: integration status and settings, the SR job dropdown, interview mappings, the activity timeline and its retry action. Errors are RFC 9457 problem+json.',
  },
  servers: [{ url: apiVersionPath }],
};

/**
 * config-api over its ports: the read models (opened on first use, and again after a failure to
 * open), commands through the deciders, connector-auth through its port. `/v1/openapi.json` and
 * `/v1/reference` are public; everything else passes `authenticate` first.
 */
export function createConfigApi(ports: ConfigApiPorts, clock: Clock, { authenticate }: ConfigApiOptions): ConfigApi {
  let opening: Promise<ReadModels> | undefined;
  const readModels = () =>
    (opening ??= openReadModels(ports.readStore).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));

  const api = new OpenAPIHono<ConfigApiEnv>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  api.doc31('/openapi.json', openApiInfo);
  api.route('/', referencePageRoutes<ConfigApiEnv>());
  // Registered after the public documents, so they never reach it.
  api.use('*', authenticate);
  api.route('/', integrationsRoutes({
    eventStore: ports.eventStore,
    readModels,
    connectorAuth: ports.connectorAuth,
    clock,
    willoCredentials: ports.willoCredentials,
    willoFallback: ports.willoFallbackOrganisation ?? false,
  }));
  api.route('/', jobsRoutes({ readModels }));
  api.route('/', mappingsRoutes({ eventStore: ports.eventStore, readModels, clock }));
  api.route('/', activityRoutes({ readModels }));
  api.route('/', invitesRoutes({ eventStore: ports.eventStore, clock }));
  api.route('/', willoCredentialsRoutes({ willoCredentials: ports.willoCredentials, willoKeyCheck: ports.willoKeyCheck, clock, logger: ports.logger }));

  return {
    app: api,
    routes: { [apiVersionPath]: api as unknown as SubApp },
    openApiDocument: () => api.getOpenAPI31Document(openApiInfo),
  };
}

/**
 * config-api as browsers reach it: every route but the public documents behind the Willo frontend's
 * JWT and the tenant's rate limit, the whole API inside the edge of `@srw/http-api` (request id,
 * CORS for the frontend's origins, 405 problems, the body limit, ETags on reads; the mapping's own
 * revision ETag is kept). Mounted at `/v1` by `configApiService` and apps/all-in-one.
 */
export function createSecuredConfigApi(ports: ConfigApiPorts, clock: Clock, security: ApiSecurityOptions): Pick<ConfigApi, 'routes'> {
  const logger: Logger | undefined = ports.logger;
  const authenticate = every(authenticateJwt({ ...security.jwt, ...(logger ? { logger } : {}) }), rateLimitPerTenant(security.rateLimit));
  const api = createConfigApi(ports, clock, { authenticate: authenticate as MiddlewareHandler<ConfigApiEnv> });
  return { routes: { [apiVersionPath]: withApiEdge(api.app, security) as unknown as SubApp } };
}

export interface ConfigApiServiceOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
  /** The fetch connector-auth is called with. */
  fetch?: typeof fetch;
}

/** config-api as a service of its own: `runService(configApiService())`. It appends commands; its relay publishes them. */
export function configApiService(options: ConfigApiServiceOptions = {}): ServiceDefinition<ConfigApiConfig> {
  const clock = options.clock ?? { now: () => Date.now() };
  return {
    name: 'config-api',
    configSchema: configApiConfigSchema,
    // Its mappings only: what it appends to `integration` and `invite` (sync now, retries) their owners' relays publish.
    relay: { categories: relayCategoriesOf('config-api') },
    routes: ({ config, adapters, logger }) => {
      const ring = optionalKeyRingOf(config);
      return {
      // The admin page (no token of its own: the admin pastes one of the Willo frontend).
      '/admin': adminPageRoutes({ mountPath: '/admin', apiBasePath: apiVersionPath }),
      ...createSecuredConfigApi(
        {
          eventStore: adapters.eventStore,
          readStore: adapters.readStore,
          connectorAuth: connectorAuthClient({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, ...(options.fetch ? { fetch: options.fetch } : {}) }),
          ...(ring ? { willoCredentials: lazyStore(() => openWilloCredentialsStore(config, TokenCipher.fromConfig(ring))) } : {}),
          willoKeyCheck: willoKeyCheck({ baseUrl: config.WILLO_BASE_URL, rateLimits: willoRateLimitsOf(config) }),
          willoFallbackOrganisation: config.WILLO_FALLBACK_ORGANISATION,
          logger,
        },
        clock,
        apiSecurityOptionsOf(config),
      ).routes,
      };
    },
  };
}
