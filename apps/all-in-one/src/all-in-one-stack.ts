import { randomBytes } from 'node:crypto';
import { categories } from '@srw/contracts';
import { createConnectorAuth, SecretStores, type Clock } from '@srw/connector-auth';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStageProjector } from '@srw/stage-projector';
import { createResponseWriteback, type ResponseWriteback } from '@srw/response-writeback';
import { createSrPoller, openSqliteLeaseStore, systemClock, type LeaseStore, type SrPoller } from '@srw/sr-poller';
import { listeningOn, topicSpecs, type ServiceDefinition, type SubApp } from '@srw/runtime';
import { SmartRecruitersClient } from '@srw/smartrecruiters';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { OAuthStateSigner, PiiCipher, SqliteCandidateKeyStore, TokenCipher, type CandidateKeyStore } from '@srw/vault';
import { createWilloClient, type WilloClient } from '@srw/willo';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { allInOneConfigSchema, publicBaseUrlOf, type AllInOneConfig } from './config';
import { demoEnableRoutes, demoTenant } from './demo-enable.routes';
import { resolveConnectorAuthSecrets } from './dev-secrets';
import { InProcessAccessTokens } from './in-process-access-tokens';
import { sandboxSrAuthorization } from './sandbox-sr-authorization';

export interface AllInOne {
  definition: ServiceDefinition<AllInOneConfig>;
  /** The running sandboxes, once the service has started. */
  sandboxes(): { sr: SrSandbox; willo: WilloSandbox };
  /** The demo's Enable button (`/demo/enable`), or undefined when `PORT=0` hides the OAuth callback's address. */
  enableUrl(): string | undefined;
}

export interface AllInOneOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
}

/** Our OAuth client as registered with the in-process SR sandbox. */
export const sandboxClientId = 'srw-all-in-one';

/**
 * Everything in one process: the event store, bus and read store (embedded SQLite files under
 * DATA_DIR by default, real servers where their URLs are set), one relay for every category (this
 * process owns them all), the SR and Willo sandboxes seeded with demo data, and the services of
 * apps/ through their factories: connector-auth (OAuth against the SR sandbox, the token vault in
 * DATA_DIR), stage-projector (every read model) and sr-poller (syncs against the SR sandbox with
 * access tokens from the in-process connector-auth, its leases and candidate keys in SQLite files in
 * DATA_DIR) and response-writeback (Willo's `new_response` from the Willo sandbox's demo organisation,
 * notes through the same SR clients as sr-poller). Each keeps its own composition root for the
 * distributed mode.
 */
export function createAllInOne(options: AllInOneOptions = {}): AllInOne {
  const clock = options.clock ?? { now: () => Date.now() };
  let sr: SrSandbox | undefined;
  let willo: WilloSandbox | undefined;
  let publicBaseUrl: string | undefined;
  const tokenStores = new SecretStores();
  // Registered with the sandbox, which lives and dies with this process: it need not outlive it.
  const clientSecret = randomBytes(32).toString('base64url');
  const srUrl = () => {
    if (!sr) throw new Error('the SR sandbox has not started');
    return sr.url;
  };

  /** connector-auth's `/internal` sub-app: sr-poller's access tokens, asked in-process. */
  let internalRoutes: SubApp | undefined;
  let poller: SrPoller | undefined;
  let pollerStores: { leases: LeaseStore; keys: CandidateKeyStore } | undefined;

  /** One SR client per tenant, shared by sr-poller and response-writeback: its rate budget is the tenant's SR credential's. */
  const srClients = new Map<string, SmartRecruitersClient>();
  const srClientFor = (internalServiceToken: string) => (tenantId: string) => {
    const internal = internalRoutes;
    if (!internal) throw new Error('connector-auth’s routes are not built');
    let client = srClients.get(tenantId);
    if (!client) {
      const auth = new InProcessAccessTokens({ internal, serviceToken: internalServiceToken, tenant: tenantId, now: () => clock.now() });
      client = new SmartRecruitersClient({ baseUrl: srUrl(), credentialId: `tenant:${tenantId}`, auth });
      srClients.set(tenantId, client);
    }
    return client;
  };
  /** The demo organisation of the Willo sandbox; its `new_response` subscription is signed with this process's secret. */
  let willoClient: WilloClient | undefined;
  const demoWillo = () => {
    if (!willo) throw new Error('the Willo sandbox has not started');
    return (willoClient ??= createWilloClient({ apiKey: willo.apiKey, baseUrl: willo.apiBaseUrl }));
  };
  const willoWebhookSecret = randomBytes(32).toString('base64url');
  let writeback: ResponseWriteback | undefined;

  let secrets: ReturnType<typeof resolveConnectorAuthSecrets> | undefined;
  /** Resolved once, at the first part that needs them (the routes, built before the service starts). */
  const secretsOf = (config: AllInOneConfig) => (secrets ??= resolveConnectorAuthSecrets(config)).secrets;

  const definition: ServiceDefinition<AllInOneConfig> = {
    name: 'all-in-one',
    configSchema: allInOneConfigSchema,
    topics: topicSpecs,
    relay: { categories },
    routes: ({ config, adapters, logger }) => {
      publicBaseUrl = publicBaseUrlOf(config);
      const { oauthStateKey, internalServiceToken } = secretsOf(config);
      if (secrets?.file?.created) logger.info('generated dev secrets for connector-auth', { file: secrets.file.path });
      const connectorAuth = createConnectorAuth(
        {
          eventStore: adapters.eventStore,
          vault: tokenStores.vault,
          states: new OAuthStateSigner({ key: oauthStateKey, nonces: tokenStores.nonces }),
          refreshLeases: tokenStores.nonces,
          sr: sandboxSrAuthorization({ clientId: sandboxClientId, clientSecret, redirectUri: `${publicBaseUrl ?? ''}/oauth/callback` }, srUrl, clock),
          serviceToken: internalServiceToken,
          logger: logger.child({ component: 'connector-auth' }),
        },
        clock,
      );
      internalRoutes = connectorAuth.routes['/internal']!;
      writeback = createResponseWriteback(
        {
          eventStore: adapters.eventStore,
          readStore: adapters.readStore,
          willoFor: demoWillo,
          webhookSecretFor: () => willoWebhookSecret,
          srNotesFor: (tenantId) => srClientFor(internalServiceToken)(tenantId).messages,
          noteTemplateFor: () => undefined,
          logger: logger.child({ component: 'response-writeback' }),
        },
        clock,
      );
      return {
        ...connectorAuth.routes,
        ...writeback.routes,
        '/demo': demoEnableRoutes({ integrations: connectorAuth.routes['/integrations']!, serviceToken: internalServiceToken, publicBaseUrl }),
      };
    },
    consumers: ({ config, adapters, logger }) => [
      ...createStageProjector({ readStore: adapters.readStore, logger: logger.child({ component: 'stage-projector' }) }, { groupIdPrefix: config.STAGE_PROJECTOR_GROUP_PREFIX })
        .consumers,
      // Built by its companion, which starts before the consumers.
      ...(poller?.consumers ?? []),
      ...(writeback?.consumers ?? []),
    ],
    companions: ({ config, adapters, logger }) => [
      {
        name: 'the token vault',
        start: async () => {
          const { keyRing } = secretsOf(config);
          // SQLite in DATA_DIR whatever the other adapters are: this one process is the vault's only writer.
          await tokenStores.open({ ...config, MONGODB_URL: undefined, VAULT_KEYS: keyRing.keys, VAULT_CURRENT_KEY_ID: keyRing.currentKeyId });
        },
        stop: () => tokenStores.close(),
      },
      {
        name: 'the SR sandbox',
        start: async () => {
          const client = { clientId: sandboxClientId, clientSecret, redirectUris: publicBaseUrl ? [`${publicBaseUrl}/oauth/callback`] : [] };
          sr = await listeningOn('SR_SANDBOX_PORT', config.SR_SANDBOX_PORT, () =>
            startSrSandbox({ port: config.SR_SANDBOX_PORT, client, seed: { jobs: config.SR_SANDBOX_JOBS, candidates: config.SR_SANDBOX_CANDIDATES } }),
          );
        },
        stop: async () => sr?.close(),
      },
      {
        name: 'the Willo sandbox',
        start: async () => {
          willo = await listeningOn('WILLO_SANDBOX_PORT', config.WILLO_SANDBOX_PORT, () => startWilloSandbox({ port: config.WILLO_SANDBOX_PORT }));
        },
        stop: async () => willo?.close(),
      },
      {
        name: 'response-writeback',
        start: async () => {
          // Willo's deliveries reach this process only where browsers do: without a public URL the poll alone finds responses.
          if (publicBaseUrl) {
            await demoWillo().webhooks.ensure({ targetUrl: `${publicBaseUrl}/webhooks/willo/${demoTenant}`, trigger: 'new_response', secret: willoWebhookSecret });
          }
          await writeback?.companion.start();
        },
        stop: async () => writeback?.companion.stop(),
      },
      // Last, so it stops first: its running syncs end before the vault and the SR sandbox close.
      {
        name: 'sr-poller',
        start: async () => {
          mkdirSync(config.DATA_DIR, { recursive: true });
          const durability = config.EMBEDDED_DURABILITY;
          const { keyRing, internalServiceToken } = secretsOf(config);
          const leases = openSqliteLeaseStore(join(config.DATA_DIR, 'sr-poller-leases.sqlite'), { durability });
          const keys = new SqliteCandidateKeyStore(join(config.DATA_DIR, 'candidate-keys.sqlite'), TokenCipher.fromConfig(keyRing), { durability });
          pollerStores = { leases, keys };
          poller = createSrPoller(
            { store: adapters.eventStore, leases, pii: { keys, cipher: new PiiCipher() }, srClientFor: srClientFor(internalServiceToken), logger: logger.child({ component: 'sr-poller' }) },
            { now: () => clock.now(), setTimer: systemClock.setTimer },
            {
              groupIdPrefix: config.SR_POLLER_GROUP_PREFIX,
              leaseTtlMs: config.SR_POLLER_LEASE_TTL_MS,
              maxConcurrentSyncs: config.SR_POLLER_MAX_CONCURRENT_SYNCS,
              retryDelayMs: config.SR_POLLER_RETRY_DELAY_MS,
              stopGraceMs: config.SR_POLLER_STOP_GRACE_MS,
              ...(config.SR_POLLER_REPLICA_ID ? { replicaId: config.SR_POLLER_REPLICA_ID } : {}),
            },
          );
          await poller.companion.start();
        },
        stop: async () => {
          const stores = pollerStores;
          pollerStores = undefined;
          try {
            await poller?.companion.stop();
          } finally {
            await stores?.leases.close();
            await stores?.keys.close();
          }
        },
      },
    ],
  };
  return {
    definition,
    sandboxes() {
      if (!sr || !willo) throw new Error('the all-in-one service has not started');
      return { sr, willo };
    },
    enableUrl: () => (publicBaseUrl ? `${publicBaseUrl}/demo/enable` : undefined),
  };
}
