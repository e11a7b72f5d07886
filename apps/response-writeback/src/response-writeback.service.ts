import { topics } from '@srw/contracts';
import { ConnectorAuthAccessTokens, connectorAuthRateLimiter, SmartRecruitersClient } from '@srw/smartrecruiters';
import { lazyStore, topicSpecs, type ServiceContext, type ServiceDefinition } from '@srw/runtime';
import { openWilloCredentialsStore, optionalKeyRingOf, TokenCipher } from '@srw/vault';
import { createWilloClient, tenantWilloClients, willoRateLimitsOf, type WilloClient } from '@srw/willo';
import { responseWritebackConfigSchema, type ResponseWritebackConfig } from './config';
import type { Clock, SrNotes } from './ports';
import { createResponseWriteback, type ResponseWriteback } from './response-writeback';

export interface ResponseWritebackServiceOverrides {
  clock?: Clock;
  /** Told of the app once built (tests reach its poller). */
  onCreated?(app: ResponseWriteback): void;
}

/**
 * The service `main.ts` runs: the webhook route, the note writer and read model, the poll. No relay:
 * what it appends to `invite-*` streams the category's owner publishes (`categoryOwners`).
 */
export function responseWritebackService(overrides: ResponseWritebackServiceOverrides = {}): ServiceDefinition<ResponseWritebackConfig> {
  const clock = overrides.clock ?? { now: () => Date.now() };
  let app: ResponseWriteback | undefined;
  const appOf = ({ adapters, config, logger }: ServiceContext<ResponseWritebackConfig>): ResponseWriteback => {
    if (app) return app;
    // One Willo client per organisation (the tenant's own, else the global one) and one SR client per tenant: each holds its rate budget.
    const willoOf = (apiKey: string): WilloClient => createWilloClient({ apiKey, baseUrl: config.WILLO_BASE_URL, rateLimits: willoRateLimitsOf(config) });
    const ring = optionalKeyRingOf(config);
    const credentials = ring && lazyStore(() => openWilloCredentialsStore(config, TokenCipher.fromConfig(ring)));
    const fallback = config.WILLO_API_KEY === undefined ? undefined : willoOf(config.WILLO_API_KEY);
    const willoFor = tenantWilloClients({
      credentialOf: async (tenantId) => credentials?.credentialOf(tenantId),
      create: willoOf,
      ...(fallback ? { fallback: () => fallback } : {}),
    });
    const srClients = new Map<string, SmartRecruitersClient>();
    const srNotesFor = (tenantId: string): SrNotes => {
      let client = srClients.get(tenantId);
      if (!client) {
        const auth = new ConnectorAuthAccessTokens({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, tenant: tenantId });
        // The tenant's SR budget is shared with every other process calling SR for it: leased from connector-auth.
        const limiter = connectorAuthRateLimiter({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, tenant: tenantId });
        client = new SmartRecruitersClient({ baseUrl: config.SR_API_URL, credentialId: `tenant:${tenantId}`, auth, limiter });
        srClients.set(tenantId, client);
      }
      return client.messages;
    };
    app = createResponseWriteback(
      {
        eventStore: adapters.eventStore,
        readStore: adapters.readStore,
        willoFor,
        webhookSecretFor: () => config.WILLO_WEBHOOK_SECRET,
        srNotesFor,
        noteTemplateFor: (tenantId) => config.NOTE_TEMPLATES?.[tenantId] ?? config.NOTE_TEMPLATE,
        logger,
      },
      clock,
      {
        groupIdPrefix: config.RESPONSE_WRITEBACK_GROUP_PREFIX,
        noteMaxAttempts: config.NOTE_MAX_ATTEMPTS,
        poll: {
          intervalMs: config.RESPONSE_POLL_INTERVAL_MS,
          maxChecksPerRound: config.RESPONSE_POLL_MAX_CHECKS,
          schedule: { firstCheckMs: config.RESPONSE_POLL_FIRST_CHECK_MS, maxIntervalMs: config.RESPONSE_POLL_MAX_INTERVAL_MS },
        },
      },
    );
    overrides.onCreated?.(app);
    return app;
  };
  return {
    name: 'response-writeback',
    configSchema: responseWritebackConfigSchema,
    topics: topicSpecs.filter((spec) => spec.topic === topics.invite),
    routes: (context) => appOf(context).routes,
    companions: (context) => [appOf(context).companion],
    consumers: (context) => appOf(context).consumers,
  };
}
