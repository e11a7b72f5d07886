import { randomBytes } from 'node:crypto';
import { categories } from '@srw/contracts';
import { TransientError } from '@srw/errors';
import { adminPageRoutes, connectorAuthClient, createSecuredConfigApi, willoKeyCheck } from '@srw/config-api';
import { apiSecurityOptionsOf, SecretValue } from '@srw/http-api';
import { createConnectorAuth, SecretStores, srAuthorization, type Clock } from '@srw/connector-auth';
import { Hono } from 'hono';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStageProjector } from '@srw/stage-projector';
import { createSrPoller, openSqliteLeaseStore, srPollerOptionsOf, systemClock, type LeaseStore, type SrPoller } from '@srw/sr-poller';
import { lazyStore, listeningOn, problemOnError, topicSpecs, type ServiceContext, type ServiceDefinition, type SubApp } from '@srw/runtime';
import type { Logger } from '@srw/observability';
import { createInviteDispatcher, eventStoreCandidateContacts } from '@srw/invite-dispatcher';
import { createResponseWriteback, type ResponseWriteback } from '@srw/response-writeback';
import { ConnectorAuthAccessTokens, SmartRecruitersClient } from '@srw/smartrecruiters';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import {
  OAuthStateSigner,
  PiiCipher,
  SqliteCandidateKeyStore,
  SqliteWebhookKeyStore,
  SqliteWilloCredentialsStore,
  TokenCipher,
  type CandidateKeyStore,
  type WebhookKeyStore,
  type WilloCredentialsStore,
} from '@srw/vault';
import { createWilloClient, tenantWilloClients, type WilloClient } from '@srw/willo';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { allInOneConfigSchema, demoModeOf, publicBaseUrlOf, type AllInOneConfig, type RealServices } from './config';
import { demoAdminRoutes } from './demo-admin.routes';
import { demoEnableRoutes, demoTenant } from './demo-enable.routes';
import { resolveConfigApiJwtSecret, resolveConnectorAuthSecrets } from './dev-secrets';
import { sandboxSrAuthorization } from './sandbox-sr-authorization';

export interface AllInOne {
  definition: ServiceDefinition<AllInOneConfig>;
  /** The running sandboxes, once the service has started. */
  sandboxes(): { sr: SrSandbox; willo: WilloSandbox };
  /** The demo's Enable button (`/demo/enable`), or undefined when `PORT=0` hides the OAuth callback's address. */
  enableUrl(): string | undefined;
  /** The admin page (`/admin`), or undefined when `PORT=0` hides this process's address. */
  adminUrl(): string | undefined;
  /** The real SR and Willo in use, or undefined in demo mode (both sandboxes), once the routes are built. */
  realServices(): RealServices | undefined;
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
 * DATA_DIR), config-api (the frontend's API under `/v1`), stage-projector (every read model and
 * trigger detection) and sr-poller (syncs against the SR sandbox with access tokens from the
 * in-process connector-auth, its leases, candidate keys and SR webhook keys in SQLite files in
 * DATA_DIR; SR's webhooks call back its intake on this process's routes). Each keeps its own
 * composition root for the distributed mode; and response-writeback (Willo's `new_response` from
 * the Willo sandbox's demo organisation, notes through the same SR clients as sr-poller) and
 * invite-dispatcher (invitations in that organisation, the candidate's contact unsealed with the
 * candidate keys sr-poller writes).
 */
export function createAllInOne(options: AllInOneOptions = {}): AllInOne {
  const clock = options.clock ?? { now: () => Date.now() };
  let sr: SrSandbox | undefined;
  let willo: WilloSandbox | undefined;
  let publicBaseUrl: string | undefined;
  /** Set with the routes: with real credentials the sandboxes never start. */
  let real: RealServices | undefined;
  const tokenStores = new SecretStores();
  // Registered with the sandbox, which lives and dies with this process: it need not outlive it.
  const clientSecret = randomBytes(32).toString('base64url');
  const srUrl = () => {
    if (real) return real.sr.apiUrl;
    if (!sr) throw new Error('the SR sandbox has not started');
    return sr.url;
  };

  /** connector-auth's `/internal` sub-app: sr-poller's access tokens, asked in-process. */
  let internalRoutes: SubApp | undefined;
  let poller: SrPoller | undefined;
  /** sr-poller's stores, and the tenants' Willo keys (config-api writes them, invite-dispatcher and response-writeback read them). */
  let pollerStores: { leases: LeaseStore; keys: CandidateKeyStore; webhookKeys: WebhookKeyStore; willoCredentials: WilloCredentialsStore } | undefined;

  /**
   * sr-poller, built with the routes (its SR webhook intake is one of them); its stores are SQLite
   * files in DATA_DIR, opened at their first use, so a service that never starts opens none.
   */
  const buildPoller = ({ config, adapters, logger }: Omit<ServiceContext<AllInOneConfig>, 'name'>): SrPoller => {
    const durability = config.EMBEDDED_DURABILITY;
    const { keyRing, internalServiceToken } = secretsOf(config);
    const inDataDir = (file: string) => {
      mkdirSync(config.DATA_DIR, { recursive: true });
      return join(config.DATA_DIR, file);
    };
    const cipher = TokenCipher.fromConfig(keyRing);
    const stores = {
      leases: lazyStore<LeaseStore>(async () => openSqliteLeaseStore(inDataDir('sr-poller-leases.sqlite'), { durability })),
      keys: lazyStore<CandidateKeyStore>(async () => new SqliteCandidateKeyStore(inDataDir('candidate-keys.sqlite'), cipher, { durability })),
      webhookKeys: lazyStore<WebhookKeyStore>(async () => new SqliteWebhookKeyStore(inDataDir('sr-webhook-keys.sqlite'), cipher, { durability })),
      willoCredentials: lazyStore<WilloCredentialsStore>(async () => new SqliteWilloCredentialsStore(inDataDir('willo-credentials.sqlite'), cipher, { durability })),
    };
    pollerStores = stores;
    return createSrPoller(
      { store: adapters.eventStore, leases: stores.leases, pii: { keys: stores.keys, cipher: new PiiCipher() }, srClientFor: srClientFor(internalServiceToken, logger), webhookKeys: stores.webhookKeys, logger: logger.child({ component: 'sr-poller' }) },
      { now: () => clock.now(), setTimer: systemClock.setTimer },
      {
        ...srPollerOptionsOf(config),
        // SR (the sandbox, in this process) calls back where browsers reach us.
        publicBaseUrl: () => publicBaseUrl,
      },
    );
  };

  /** One SR client per tenant, shared by sr-poller and response-writeback: its rate budget is the tenant's SR credential's. */
  const srClients = new Map<string, SmartRecruitersClient>();
  let internalFetch: typeof fetch | undefined;
  const srClientFor = (internalServiceToken: string, logger: Logger) => (tenantId: string) => {
    let client = srClients.get(tenantId);
    if (!client) {
      const internal = internalRoutes;
      if (!internal) throw new Error('connector-auth’s routes are not built');
      internalFetch ??= inProcessFetch(internal, logger.child({ component: 'connector-auth' }));
      const auth = new ConnectorAuthAccessTokens({ baseUrl: inProcessUrl, fetch: internalFetch, serviceToken: internalServiceToken, tenant: tenantId, now: () => clock.now() });
      client = new SmartRecruitersClient({ baseUrl: srUrl(), credentialId: `tenant:${tenantId}`, auth });
      srClients.set(tenantId, client);
    }
    return client;
  };
  /** The demo organisation of the Willo sandbox; its `new_response` subscription is signed with this process's secret. */
  let willoClient: WilloClient | undefined;
  const demoWillo = () => {
    if (real) return (willoClient ??= createWilloClient({ apiKey: real.willo.apiKey, baseUrl: real.willo.baseUrl }));
    if (!willo) throw new Error('the Willo sandbox has not started');
    return (willoClient ??= createWilloClient({ apiKey: willo.apiKey, baseUrl: willo.apiBaseUrl }));
  };
  /** The tenant's own Willo organisation where it has set a key, else the demo's (or the real global one). */
  const willoFor = tenantWilloClients<WilloClient>({
    credentialOf: async (tenantId) => {
      if (!pollerStores) throw new Error('the vault stores are not open');
      return pollerStores.willoCredentials.credentialOf(tenantId);
    },
    create: (apiKey) => {
      if (!real && !willo) throw new Error('the Willo sandbox has not started');
      return createWilloClient({ apiKey, baseUrl: real ? real.willo.baseUrl : willo!.apiBaseUrl });
    },
    fallback: demoWillo,
  });
  const willoWebhookSecret = randomBytes(32).toString('base64url');
  let writeback: ResponseWriteback | undefined;
  const keysOfPoller = () => {
    if (!pollerStores) throw new Error('sr-poller’s stores are not open');
    return pollerStores.keys;
  };

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
      real = demoModeOf(config);
      const { oauthStateKey, internalServiceToken } = secretsOf(config);
      if (secrets?.file?.created) logger.info('generated dev secrets for connector-auth', { file: secrets.file.path });
      const connectorAuth = createConnectorAuth(
        {
          eventStore: adapters.eventStore,
          vault: tokenStores.vault,
          states: new OAuthStateSigner({ key: oauthStateKey, nonces: tokenStores.nonces }),
          refreshLeases: tokenStores.nonces,
          sr: real
            ? srAuthorization({ PUBLIC_BASE_URL: publicBaseUrl ?? '', SR_CLIENT_ID: real.sr.clientId, SR_CLIENT_SECRET: real.sr.clientSecret, SR_AUTHORIZE_URL: real.sr.authorizeUrl, SR_TOKEN_URL: real.sr.tokenUrl }, clock)
            : sandboxSrAuthorization({ clientId: sandboxClientId, clientSecret, redirectUri: `${publicBaseUrl ?? ''}/oauth/callback` }, srUrl, clock),
          serviceToken: internalServiceToken,
          logger: logger.child({ component: 'connector-auth' }),
        },
        clock,
      );
      internalRoutes = connectorAuth.routes['/internal']!;
      poller = buildPoller({ config, adapters, logger });
      // config-api calls connector-auth through its HTTP port, answered in-process by connector-auth's own routes.
      const connectorApp = new Hono();
      for (const [path, routes] of Object.entries(connectorAuth.routes)) connectorApp.route(path, routes);
      const jwtSecret = resolveConfigApiJwtSecret(config);
      if (jwtSecret.file?.created) logger.info('generated dev secrets for config-api', { file: jwtSecret.file.path });
      const configApi = createSecuredConfigApi(
        {
          eventStore: adapters.eventStore,
          readStore: adapters.readStore,
          connectorAuth: connectorAuthClient({
            baseUrl: 'http://connector-auth.in-process',
            serviceToken: internalServiceToken,
            fetch: async (input, init) => connectorApp.request(input instanceof Request ? input : String(input), init),
          }),
          ...(pollerStores ? { willoCredentials: pollerStores.willoCredentials } : {}),
          // Checked against the Willo the tenants' invites go to: the real one, or this process's sandbox.
          willoKeyCheck: async (apiKey) => {
            if (!real && !willo) throw new TransientError('the Willo sandbox has not started');
            return willoKeyCheck({ baseUrl: real ? real.willo.baseUrl : willo!.apiBaseUrl })(apiKey);
          },
          // Tenants without their own key always have the demo's (or the real, required) organisation here.
          willoFallbackOrganisation: true,
          logger: logger.child({ component: 'config-api' }),
        },
        clock,
        apiSecurityOptionsOf({ ...config, ...(jwtSecret.secret ? { JWT_HS256_SECRET: new SecretValue(jwtSecret.secret) } : {}) }),
      );
      writeback = createResponseWriteback(
        {
          eventStore: adapters.eventStore,
          readStore: adapters.readStore,
          willoFor,
          webhookSecretFor: () => willoWebhookSecret,
          srNotesFor: (tenantId) => srClientFor(internalServiceToken, logger)(tenantId).messages,
          noteTemplateFor: () => undefined,
          logger: logger.child({ component: 'response-writeback' }),
        },
        clock,
        { groupIdPrefix: config.RESPONSE_WRITEBACK_GROUP_PREFIX },
      );
      return {
        ...connectorAuth.routes,
        ...configApi.routes,
        ...poller.routes,
        ...writeback.routes,
        '/admin': adminPageRoutes({ mountPath: '/admin', apiBasePath: '/v1', ...(real ? {} : { demoBasePath: '/demo' }) }),
        // The demo's doors exist in demo mode only: never beside the real SR and Willo.
        ...(real
          ? {}
          : {
              '/demo': new Hono()
                .route('/', demoEnableRoutes({ integrations: connectorAuth.routes['/integrations']!, serviceToken: internalServiceToken, publicBaseUrl }))
                .route(
                  '/',
                  demoAdminRoutes({
                    signIn: jwtSecret.secret
                      ? { secret: jwtSecret.secret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, tenantClaim: config.JWT_TENANT_CLAIM, userClaim: config.JWT_USER_CLAIM }
                      : undefined,
                    sandboxes: () => {
                      if (!sr || !willo) throw new Error('the sandboxes have not started');
                      return { sr, willo };
                    },
                    willo: demoWillo,
                    now: () => clock.now(),
                  }),
                ),
            }),
      };
    },
    consumers: ({ config, adapters, logger }) => [
      ...createStageProjector(
        { readStore: adapters.readStore, eventStore: adapters.eventStore, logger: logger.child({ component: 'stage-projector' }) },
        { groupIdPrefix: config.STAGE_PROJECTOR_GROUP_PREFIX, clock },
      )
        .consumers,
      // Built with the routes, before the service starts.
      ...(poller?.consumers ?? []),
      ...(writeback?.consumers ?? []),
      ...createInviteDispatcher(
        {
          eventStore: adapters.eventStore,
          // sr-poller's candidate keys (built with the routes): the one store that seals the candidates' PII.
          contacts: eventStoreCandidateContacts(adapters.eventStore, { keys: { find: (tenantId, candidateId) => keysOfPoller().find(tenantId, candidateId) }, cipher: new PiiCipher() }),
          willoFor,
          logger: logger.child({ component: 'invite-dispatcher' }),
        },
        clock,
        { groupId: config.INVITE_DISPATCHER_GROUP },
      ).consumers,
    ],
    companions: ({ config }) => [
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
          if (real) return;
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
          if (real) return;
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
          if (!poller) throw new Error('sr-poller is not built');
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
            await stores?.webhookKeys.close();
            await stores?.willoCredentials.close();
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
    enableUrl: () => (publicBaseUrl && !real ? `${publicBaseUrl}/demo/enable` : undefined),
    adminUrl: () => (publicBaseUrl ? `${publicBaseUrl}/admin` : undefined),
    realServices: () => real,
  };
}

/** The origin sr-poller's access-token requests name in-process; nothing listens there. */
const inProcessUrl = 'http://connector-auth.in-process';

/**
 * connector-auth's `/internal` sub-app as a `fetch`, for sr-poller's `ConnectorAuthAccessTokens`: the
 * request is answered in-process (no socket, so `PORT=0` works too), with connector-auth's errors as
 * the problem+json its own service would answer, which the token source maps back to our errors.
 */
function inProcessFetch(internal: SubApp, logger: Logger): typeof fetch {
  const app = new Hono().route('/internal', internal);
  app.onError(problemOnError(logger));
  return async (input, init) => app.request(input instanceof Request ? input : String(input), init);
}
