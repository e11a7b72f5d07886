import { randomBytes } from 'node:crypto';
import { categories } from '@srw/contracts';
import { createConnectorAuth, type Clock } from '@srw/connector-auth';
import { createStageProjector } from '@srw/stage-projector';
import { listeningOn, topicSpecs, type ServiceDefinition } from '@srw/runtime';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { OAuthStateSigner } from '@srw/vault';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { allInOneConfigSchema, publicBaseUrlOf, type AllInOneConfig } from './config';
import { demoEnableRoutes } from './demo-enable.routes';
import { resolveConnectorAuthSecrets } from './dev-secrets';
import { sandboxSrAuthorization } from './sandbox-sr-authorization';
import { TokenStores } from './token-stores';

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
 * DATA_DIR) and stage-projector (every read model). Each keeps its own composition root for the
 * distributed mode.
 */
export function createAllInOne(options: AllInOneOptions = {}): AllInOne {
  const clock = options.clock ?? { now: () => Date.now() };
  let sr: SrSandbox | undefined;
  let willo: WilloSandbox | undefined;
  let publicBaseUrl: string | undefined;
  const tokenStores = new TokenStores();
  // Registered with the sandbox, which lives and dies with this process: it need not outlive it.
  const clientSecret = randomBytes(32).toString('base64url');
  const srUrl = () => {
    if (!sr) throw new Error('the SR sandbox has not started');
    return sr.url;
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
      return {
        ...connectorAuth.routes,
        '/demo': demoEnableRoutes({ integrations: connectorAuth.routes['/integrations']!, serviceToken: internalServiceToken, publicBaseUrl }),
      };
    },
    consumers: ({ config, adapters, logger }) =>
      createStageProjector({ readStore: adapters.readStore, logger: logger.child({ component: 'stage-projector' }) }, { groupIdPrefix: config.STAGE_PROJECTOR_GROUP_PREFIX })
        .consumers,
    // sr-poller goes here once it is on main: `createSrPoller(ports, clock)` with its consumers (and
    // companions), its SR client pointed at `srUrl()` and its access tokens from connector-auth's
    // `/internal/access-token`. Until then an enabled tenant is connected but never synced.
    companions: ({ config }) => [
      {
        name: 'the token vault',
        start: async () => tokenStores.open(config, secretsOf(config).keyRing),
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
