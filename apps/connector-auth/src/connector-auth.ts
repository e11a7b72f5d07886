import { relayCategoriesOf, streams, topicForCategory, type Category } from '@srw/contracts';
import { eventIdFor } from '@srw/event-store';
import { topicSpecs, type ServiceDefinition, type SubApp } from '@srw/runtime';
import { OAuthStateSigner } from '@srw/vault';
import { SharedRateBudget } from '@srw/http-kit';
import { defaultSrSettings, srRateLimits } from '@srw/smartrecruiters';
import { Hono } from 'hono';
import { AccessTokenSources } from './access-token-sources';
import { connectorAuthConfigSchema, type ConnectorAuthConfig } from './config';
import { commandMetadata, runIntegrationCommand } from './integration-commands';
import type { Clock, ConnectorAuthPorts } from './ports';
import { accessTokenRoutes } from './routes/access-token.routes';
import { integrationsRoutes } from './routes/integrations.routes';
import { oauthCallbackRoutes } from './routes/oauth-callback.routes';
import { SecretStores } from './secret-stores';
import { srAuthorization } from './sr-authorization';
import { srPermitsRoutes } from './routes/sr-permits.routes';

/** Long enough for a few missed renewals (every third of it), short enough that a crashed holder's slots return soon. */
const defaultSrPermitLeaseMs = 10_000;

/** connector-auth appends the `integration-*` events, so its relay publishes that category. */
export const connectorAuthCategories: readonly Category[] = relayCategoriesOf('connector-auth');

export interface ConnectorAuth {
  /** Sub-apps by mount path: `/integrations`, `/oauth`, `/internal`. */
  routes: Record<string, SubApp>;
  relay: { categories: readonly Category[] };
}

/**
 * connector-auth's behaviour over its ports, without config or process: the pieces of a
 * `ServiceDefinition`, so that apps/all-in-one can compose them with its own adapters.
 */
export function createConnectorAuth(ports: ConnectorAuthPorts, clock: Clock): ConnectorAuth {
  const { eventStore, vault, logger } = ports;

  const recordRefresh = async (tenant: string, expiresAt: number) => {
    const at = new Date(expiresAt).toISOString();
    try {
      await runIntegrationCommand(
        eventStore,
        { type: 'RecordTokenRefresh', data: { expiresAt: at }, metadata: commandMetadata(tenant, clock) },
        { eventId: eventIdFor(streams.integration(tenant), 'access-token-refreshed', at) },
      );
      logger.info('SR access token refreshed', { tenantId: tenant, expiresAt: at });
    } catch (error) {
      // The new tokens are stored: the caller gets one. The next refresh records a later expiry.
      logger.warn('SR access token refreshed, but the refresh could not be recorded', { tenantId: tenant, expiresAt: at, error });
    }
  };

  const recordLostGrant = async (tenant: string) => {
    const appended = await runIntegrationCommand(eventStore, {
      type: 'LoseAuthorisation',
      data: { reason: 'invalid_grant', detail: 'SmartRecruiters refused the refresh token: an admin must reauthorise' },
      metadata: commandMetadata(tenant, clock),
    }).catch((error: unknown) => {
      // E.g. a reauthorisation is already under way (connecting): the loss is old news.
      logger.warn('SR refused the grant; the loss was not recorded', { tenantId: tenant, error });
      return [];
    });
    if (appended.length > 0) logger.warn('SR grant lost: the integration needs reauthorising', { tenantId: tenant });
  };

  const sources = new AccessTokenSources({
    vault,
    sr: ports.sr,
    refreshLeases: ports.refreshLeases,
    clock,
    onRefreshed: recordRefresh,
    ...(ports.lostGrantGraceMs === undefined ? {} : { lostGrantGraceMs: ports.lostGrantGraceMs }),
  });

  // The SR budget of each tenant lives here, with its credential: every process calling SR leases from it.
  const budget = new SharedRateBudget({ limits: srRateLimits({ ...defaultSrSettings, requestsPerSecond: ports.srRequestsPerSecond ?? defaultSrSettings.requestsPerSecond }), leaseMs: ports.srPermitLeaseMs ?? defaultSrPermitLeaseMs });
  const internal = new Hono();
  internal.route('/', accessTokenRoutes({ ...ports, sources, recordLostGrant }));
  internal.route('/', srPermitsRoutes({ budget, serviceToken: ports.serviceToken }));

  return {
    routes: {
      '/integrations': integrationsRoutes({ ...ports, sources, clock }),
      '/oauth': oauthCallbackRoutes({ ...ports, sources, clock }),
      '/internal': internal,
    },
    relay: { categories: connectorAuthCategories },
  };
}

export interface ConnectorAuthServiceOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
  /** The fetch SR's token endpoint is called with (a test counts the calls). */
  fetch?: typeof fetch;
  lostGrantGraceMs?: number;
}

/** connector-auth as a service of its own: `runService(connectorAuthService())`. */
export function connectorAuthService(options: ConnectorAuthServiceOptions = {}): ServiceDefinition<ConnectorAuthConfig> {
  const clock = options.clock ?? { now: () => Date.now() };
  const stores = new SecretStores();
  const integrationTopic = topicForCategory('integration');
  return {
    name: 'connector-auth',
    configSchema: connectorAuthConfigSchema,
    relay: { categories: connectorAuthCategories },
    topics: topicSpecs.filter((spec) => spec.topic === integrationTopic),
    companions: ({ config }) => [{ name: 'the token vault', start: () => stores.open(config), stop: () => stores.close() }],
    routes: ({ config, adapters, logger }) =>
      createConnectorAuth(
        {
          eventStore: adapters.eventStore,
          vault: stores.vault,
          states: new OAuthStateSigner({ key: config.OAUTH_STATE_KEY, nonces: stores.nonces }),
          refreshLeases: stores.nonces,
          sr: srAuthorization(config, clock, options.fetch),
          serviceToken: config.INTERNAL_SERVICE_TOKEN,
          logger,
          ...(options.lostGrantGraceMs === undefined ? {} : { lostGrantGraceMs: options.lostGrantGraceMs }),
          srPermitLeaseMs: config.SR_PERMIT_LEASE_MS,
          srRequestsPerSecond: config.SR_REQUESTS_PER_SECOND,
        },
        clock,
      ).routes,
  };
}
