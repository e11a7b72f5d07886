import { join } from 'node:path';
import { topics } from '@srw/contracts';
import { ConnectorAuthAccessTokens, connectorAuthRateLimiter, SmartRecruitersClient } from '@srw/smartrecruiters';
import type { CandidatePiiProtection, SrWebhookKeys } from '@srw/sr-sync';
import { candidatePiiFor, webhookKeysFor } from './vault-stores';
import { lazyStore, topicSpecs, type ServiceContext, type ServiceDefinition } from '@srw/runtime';
import { srPollerConfigSchema, srPollerOptionsOf, type SrPollerConfig } from './config';
import type { LeaseStore } from './scheduler/lease-store/lease-store.port';
import { systemClock, type SchedulerClock } from './scheduler/scheduler-clock';
import { candidateErasureRoutes } from './routes/candidate-erasure.routes';
import { createSrPoller, srPollerCategories, type SrPoller, type SrPollerOptions } from './sr-poller';

export interface SrPollerServiceOverrides {
  /** SR clients other than connector-auth's tokens (tests: the sandbox's OAuth flow). */
  srClientFor?(tenantId: string): SmartRecruitersClient;
  leases?: LeaseStore;
  pii?: CandidatePiiProtection;
  /** SR webhook signing keys other than the service's own store (its own: SQLite in DATA_DIR or MongoDB). */
  webhookKeys?: SrWebhookKeys;
  clock?: SchedulerClock;
  options?: SrPollerOptions;
  /** Told of the poller once built (tests reach its scheduler and book). */
  onCreated?(poller: SrPoller): void;
}

const consumedTopics = new Set<string>([topics.integration, topics.mapping]);

/** The service `main.ts` runs: the poller's consumer, its scheduler as a companion, its relay, SR's webhook intake. */
export function srPollerService(overrides: SrPollerServiceOverrides = {}): ServiceDefinition<SrPollerConfig> {
  let poller: SrPoller | undefined;
  let pii: CandidatePiiProtection | undefined;
  const piiOf = (config: SrPollerConfig): CandidatePiiProtection => (pii ??= overrides.pii ?? candidatePiiFor(config));
  const pollerOf = ({ adapters, config, logger }: ServiceContext<SrPollerConfig>): SrPoller => {
    if (poller) return poller;
    const leases = overrides.leases ?? leaseStoreFor(config);
    const ownPii = overrides.pii ? undefined : piiOf(config);
    const pii = piiOf(config);
    const ownWebhookKeys = overrides.webhookKeys ? undefined : webhookKeysFor(config);
    const webhookKeys = overrides.webhookKeys ?? ownWebhookKeys!;
    const clients = new Map<string, SmartRecruitersClient>();
    // One client per tenant: its rate budget is the tenant's SR credential's, shared by every run here.
    const srClientFor =
      overrides.srClientFor ??
      ((tenantId: string) => {
        let client = clients.get(tenantId);
        if (!client) {
          const auth = new ConnectorAuthAccessTokens({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, tenant: tenantId });
          // The tenant's SR budget is shared with every other process calling SR for it: leased from connector-auth.
          const limiter = connectorAuthRateLimiter({ baseUrl: config.CONNECTOR_AUTH_URL, serviceToken: config.INTERNAL_SERVICE_TOKEN, tenant: tenantId });
          client = new SmartRecruitersClient({ baseUrl: config.SR_API_URL, credentialId: `tenant:${tenantId}`, auth, limiter });
          clients.set(tenantId, client);
        }
        return client;
      });
    const created = createSrPoller({ store: adapters.eventStore, leases, pii, srClientFor, webhookKeys, logger }, overrides.clock ?? systemClock, {
      ...srPollerOptionsOf(config),
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: () => config.PUBLIC_BASE_URL } : {}),
      ...overrides.options,
    });
    const scheduler = created.companion;
    poller = {
      ...created,
      companion: {
        name: scheduler.name,
        start: scheduler.start,
        stop: async () => {
          await scheduler.stop();
          if (!overrides.leases) await leases.close();
          await ownPii?.keys.close();
          await ownWebhookKeys?.close();
        },
      },
    };
    overrides.onCreated?.(poller);
    return poller;
  };
  return {
    name: 'sr-poller',
    configSchema: srPollerConfigSchema,
    topics: topicSpecs.filter((spec) => consumedTopics.has(spec.topic) || spec.topic === topics.observations),
    relay: { categories: srPollerCategories },
    companions: (context) => [pollerOf(context).companion],
    consumers: (context) => pollerOf(context).consumers,
    routes: (context) => ({
      ...pollerOf(context).routes,
      '/internal': candidateErasureRoutes({
        store: context.adapters.eventStore,
        keys: piiOf(context.config).keys,
        clock: () => new Date((overrides.clock ?? systemClock).now()),
        serviceToken: context.config.INTERNAL_SERVICE_TOKEN,
        logger: context.logger,
      }),
    }),
  };
}

/** Leases live beside the read models in MongoDB where `MONGODB_URL` is set, else in a SQLite file under `DATA_DIR`. */
function leaseStoreFor(config: SrPollerConfig): LeaseStore {
  return lazyStore<LeaseStore>(async () => {
    if (config.MONGODB_URL) {
      const { connectMongoLeaseStore } = await import('./scheduler/lease-store/mongo-lease-store');
      return connectMongoLeaseStore(config.MONGODB_URL, { database: config.MONGODB_DATABASE });
    }
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.DATA_DIR, { recursive: true });
    const { openSqliteLeaseStore } = await import('./scheduler/lease-store/sqlite-lease-store');
    return openSqliteLeaseStore(join(config.DATA_DIR, 'sr-poller-leases.sqlite'), { durability: config.EMBEDDED_DURABILITY });
  });
}
