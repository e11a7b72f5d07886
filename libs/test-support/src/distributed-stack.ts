import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { topics } from '@srw/contracts';
import { startRestartableApp, type RestartableApp } from './app-process';
import { freePort } from './ports';

/** The six apps, each its own process in distributed mode. */
export const distributedApps = ['connector-auth', 'sr-poller', 'stage-projector', 'invite-dispatcher', 'response-writeback', 'config-api'] as const;
export type DistributedApp = (typeof distributedApps)[number];

/**
 * The addresses of the six apps, fixed before anything starts: SR must know connector-auth's OAuth
 * callback and sr-poller's webhook intake, Willo response-writeback's, and each keeps its address
 * across restarts.
 */
export interface DistributedStackPlan {
  urls: Record<DistributedApp, string>;
  /** The token connector-auth's internal endpoints accept (the others present it). */
  serviceToken: string;
  /** Names this run's consumer groups, so that they share no partitions with other runs on the broker. */
  run: string;
}

export async function planDistributedStack(run: string): Promise<DistributedStackPlan> {
  const urls = {} as Record<DistributedApp, string>;
  for (const app of distributedApps) urls[app] = `http://127.0.0.1:${await freePort()}`;
  return { urls, serviceToken: randomBytes(24).toString('base64url'), run };
}

export interface DistributedStackOptions {
  /** The repository root: the apps' `apps/<app>/src/main.ts` are under it. */
  repoRoot: string;
  /** Shared by the processes: the embedded event store's file when no `esdbUrl` is given. */
  dataDir: string;
  kafkaBrokers: readonly string[];
  mongoUrl: string;
  /** This run's database on the Mongo-wire server (read models, vault, leases, keys). */
  database: string;
  esdbUrl?: string;
  /** The SR side: API host, OAuth endpoints and the client SR registered with connector-auth's callback. */
  sr: { apiUrl: string; authorizeUrl: string; tokenUrl: string; clientId: string; clientSecret: string };
  /** The Willo organisation's key, its API base URL and the signing secret of its `new_response` subscriptions. */
  willo: { apiKey: string; baseUrl: string; webhookSecret: string };
  /** The Willo frontend's JWT (HS256) that config-api accepts. */
  jwt: { secret: string; issuer: string; audience: string };
  /** Per app, settings beside the wiring (poll intervals, attempts...); they win over the defaults here. */
  env?: Partial<Record<DistributedApp, Record<string, string>>>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Commits the run's consumer groups at the topics' current ends before the apps join (the broker is
   * shared by other runs): `startKafkaGroupsAtTopicEnds` of `@srw/bus/testing`, which this library
   * cannot import (bus's own tests use this one).
   */
  startGroupsAtTopicEnds(brokers: readonly string[], groups: readonly { groupId: string; topics: readonly string[] }[]): Promise<void>;
}

export interface DistributedStack {
  apps: Record<DistributedApp, RestartableApp>;
  urls: Record<DistributedApp, string>;
  /** Every process still running gets SIGTERM; resolves with each app's last exit. */
  stop(): Promise<Record<DistributedApp, { code: number | null; signal: NodeJS.Signals | null }>>;
  /** SIGKILL to whatever still runs (after a failure). */
  killAll(): Promise<void>;
  /** Each app's last lines, for failure messages. */
  tails(count?: number): string;
}

/**
 * Starts the six apps, each `node --import tsx apps/<app>/src/main.ts` in its own process configured
 * by environment only, on real Kafka and the Mongo-wire server, and waits for every `/readyz`. The
 * consumer groups are this run's own and start at the topics' current ends (the broker is shared).
 * The SR and Willo sandboxes are the caller's (it holds and inspects them): their URLs come in.
 */
export async function startDistributedStack(plan: DistributedStackPlan, options: DistributedStackOptions): Promise<DistributedStack> {
  const { urls, serviceToken, run } = plan;
  const vaultKey = randomBytes(32).toString('base64');
  const groups = {
    projector: `dist-${run}-projector`,
    poller: `dist-${run}-poller`,
    pollerReplica: `replica-${run}`,
    dispatcher: `dist-${run}-invites`,
    writeback: `dist-${run}-writeback`,
  };
  await options.startGroupsAtTopicEnds(options.kafkaBrokers, [
    { groupId: `${groups.projector}.integration`, topics: [topics.integration] },
    { groupId: `${groups.projector}.observations`, topics: [topics.observations] },
    { groupId: `${groups.projector}.mapping`, topics: [topics.mapping] },
    { groupId: `${groups.projector}.invite`, topics: [topics.invite] },
    { groupId: `${groups.poller}.${groups.pollerReplica}`, topics: [topics.integration, topics.mapping] },
    { groupId: groups.dispatcher, topics: [topics.invite] },
    { groupId: `${groups.writeback}.notes`, topics: [topics.invite] },
    { groupId: `${groups.writeback}.pending`, topics: [topics.invite] },
  ]);

  const portOf = (url: string) => new URL(url).port;
  const vault = { VAULT_KEYS: `k1:${vaultKey}`, VAULT_CURRENT_KEY_ID: 'k1' };
  const srAccess = { SR_API_URL: options.sr.apiUrl, CONNECTOR_AUTH_URL: urls['connector-auth'], INTERNAL_SERVICE_TOKEN: serviceToken };
  const willo = { WILLO_API_KEY: options.willo.apiKey, WILLO_BASE_URL: options.willo.baseUrl };
  const wiring: Record<DistributedApp, Record<string, string>> = {
    'connector-auth': {
      PUBLIC_BASE_URL: urls['connector-auth'],
      SR_CLIENT_ID: options.sr.clientId,
      SR_CLIENT_SECRET: options.sr.clientSecret,
      SR_AUTHORIZE_URL: options.sr.authorizeUrl,
      SR_TOKEN_URL: options.sr.tokenUrl,
      OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
      INTERNAL_SERVICE_TOKEN: serviceToken,
      ...vault,
    },
    'sr-poller': {
      ...srAccess,
      ...vault,
      PUBLIC_BASE_URL: urls['sr-poller'],
      SR_POLLER_GROUP_PREFIX: groups.poller,
      // The same replica after a restart: its group resumes from its commits, its leases are its own.
      SR_POLLER_REPLICA_ID: groups.pollerReplica,
      SR_POLLER_LEASE_TTL_MS: '3000',
      SR_POLLER_RETRY_DELAY_MS: '1000',
    },
    'stage-projector': { STAGE_PROJECTOR_GROUP_PREFIX: groups.projector },
    'invite-dispatcher': { ...vault, ...willo, INVITE_DISPATCHER_GROUP: groups.dispatcher },
    'response-writeback': { ...srAccess, ...willo, WILLO_WEBHOOK_SECRET: options.willo.webhookSecret, RESPONSE_WRITEBACK_GROUP_PREFIX: groups.writeback },
    'config-api': {
      CONNECTOR_AUTH_URL: urls['connector-auth'],
      INTERNAL_SERVICE_TOKEN: serviceToken,
      JWT_HS256_SECRET: options.jwt.secret,
      JWT_ISSUER: options.jwt.issuer,
      JWT_AUDIENCE: options.jwt.audience,
      // Keys are checked with the same Willo the other apps use; the global key is every tenant's fallback here.
      WILLO_BASE_URL: options.willo.baseUrl,
      WILLO_FALLBACK_ORGANISATION: 'true',
    },
  };
  // Nothing of this process's own configuration leaks into the apps': only what is set here.
  const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, MONGODB_DATABASE: _d, DATA_DIR: _dd, PORT: _p, ...inherited } = process.env;
  const apps = {} as Record<DistributedApp, RestartableApp>;
  for (const app of distributedApps) {
    apps[app] = startRestartableApp(app, join(options.repoRoot, 'apps', app, 'src', 'main.ts'), {
      cwd: options.repoRoot,
      env: {
        ...inherited,
        LOG_LEVEL: options.logLevel ?? 'info',
        HOST: '127.0.0.1',
        PORT: portOf(urls[app]),
        DATA_DIR: options.dataDir,
        EMBEDDED_DURABILITY: 'process',
        KAFKA_BROKERS: options.kafkaBrokers.join(','),
        MONGODB_URL: options.mongoUrl,
        MONGODB_DATABASE: options.database,
        ...(options.esdbUrl ? { ESDB_URL: options.esdbUrl } : {}),
        ...wiring[app],
        ...options.env?.[app],
      },
    });
  }
  const all = () => distributedApps.map((app) => apps[app]);
  const killAll = async () => {
    await Promise.all(all().map((app) => app.kill()));
  };
  try {
    await Promise.all(all().map((app) => app.ready()));
  } catch (error) {
    await killAll();
    throw error;
  }
  return {
    apps,
    urls,
    killAll,
    async stop() {
      const exits = await Promise.all(all().map((app) => app.stop()));
      return Object.fromEntries(distributedApps.map((app, index) => [app, exits[index]!])) as Record<DistributedApp, { code: number | null; signal: NodeJS.Signals | null }>;
    },
    tails: (count = 15) => all().map((app) => `--- ${app.name}\n${app.tail(count)}`).join('\n'),
  };
}
