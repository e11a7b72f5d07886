import { OpenAPIHono } from '@hono/zod-openapi';
import { openReadModels, type ReadModels } from '@srw/projections';
import type { ServiceDefinition, SubApp } from '@srw/runtime';
import type { MiddlewareHandler } from 'hono';
import type { ConfigApiEnv } from './caller';
import { configApiConfigSchema, type ConfigApiConfig } from './config';
import { connectorAuthClient } from './connector-auth-client';
import { hs256Authenticate } from './hs256-authenticate';
import type { Clock, ConfigApiPorts } from './ports';
import { referencePageRoutes } from './reference-page';
import { activityRoutes } from './routes/activity.routes';
import { integrationsRoutes } from './routes/integrations.routes';
import { invitesRoutes } from './routes/invites.routes';
import { jobsRoutes } from './routes/jobs.routes';
import { mappingsRoutes } from './routes/mappings.routes';

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
  api.route('/', integrationsRoutes({ eventStore: ports.eventStore, readModels, connectorAuth: ports.connectorAuth, clock }));
  api.route('/', jobsRoutes({ readModels }));
  api.route('/', mappingsRoutes({ eventStore: ports.eventStore, readModels, clock }));
  api.route('/', activityRoutes({ readModels }));
  api.route('/', invitesRoutes({ eventStore: ports.eventStore, clock }));

  return {
    routes: { [apiVersionPath]: api as unknown as SubApp },
    openApiDocument: () => api.getOpenAPI31Document(openApiInfo),
  };
}

export interface ConfigApiServiceOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
  /** The fetch connector-auth is called with. */
  fetch?: typeof fetch;
  /** Replaces the HS256 placeholder (the platform library's JWT middleware). */
  authenticate?: (config: ConfigApiConfig) => MiddlewareHandler<ConfigApiEnv>;
}

/** config-api as a service of its own: `runService(configApiService())`. It appends commands; its relay publishes them. */
export function configApiService(options: ConfigApiServiceOptions = {}): ServiceDefinition<ConfigApiConfig> {
  const clock = options.clock ?? { now: () => Date.now() };
  return {
    name: 'config-api',
    configSchema: configApiConfigSchema,
    // `invite`: the admin's retries (`InviteRetryRequested`).
    relay: { categories: ['interviewMapping', 'integration', 'invite'] },
    routes: ({ config, adapters, logger }) =>
      createConfigApi(
        {
          eventStore: adapters.eventStore,
          readStore: adapters.readStore,
          connectorAuth: connectorAuthClient({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, ...(options.fetch ? { fetch: options.fetch } : {}) }),
          logger,
        },
        clock,
        {
          authenticate: options.authenticate?.(config) ?? hs256Authenticate({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS }),
        },
      ).routes,
  };
}
