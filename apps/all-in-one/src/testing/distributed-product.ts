import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { createConfigApiClient, type ConfigApiClient, type ConfigApiSchemas } from '@srw/config-api-client';
import { signTestToken, testJwt } from '@srw/http-api/testing';
import { startSrSandbox, type SrSandbox, type SrSandboxOptions } from '@srw/sr-sandbox';
import { decideOnConsentPage, eventually, planDistributedStack, startDistributedStack, type DistributedApp, type DistributedStack } from '@srw/test-support';
import { createWilloClient } from '@srw/willo';
import { startWilloSandbox, type WilloSandbox, type WilloSandboxOptions } from '@srw/willo-sandbox';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';

type ActivityEntry = ConfigApiSchemas['ActivityEntry'];

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** Where the distributed specs' servers are. */
export interface DistributedServers {
  kafkaBrokers: readonly string[];
  mongoUrl: string;
  esdbUrl?: string;
}

/** KAFKA_BROKERS and MONGODB_URL (and ESDB_URL where set), or undefined when one is missing: the specs then skip, loudly. */
export function distributedServersFromEnv(env: NodeJS.ProcessEnv = process.env): DistributedServers | undefined {
  const brokers = env['KAFKA_BROKERS']?.split(',').filter(Boolean);
  const mongoUrl = env['MONGODB_URL'];
  if (!brokers?.length || !mongoUrl) return undefined;
  return { kafkaBrokers: brokers, mongoUrl, ...(env['ESDB_URL'] ? { esdbUrl: env['ESDB_URL'] } : {}) };
}

export interface DistributedProductOptions extends DistributedServers {
  /** Names this run's database, consumer groups and data directory. */
  run: string;
  sr?: Omit<SrSandboxOptions, 'port' | 'client'>;
  willo?: Omit<WilloSandboxOptions, 'port'>;
  /** Per app, settings beside the wiring (intervals, attempts). */
  env?: Partial<Record<DistributedApp, Record<string, string>>>;
}

/** What a distributed e2e spec chooses of its stack; `distributedProductOptions` turns it into options. */
export interface DistributedRunPlan {
  /** Names this run's database, consumer groups and data directory. */
  run: string;
  servers: DistributedServers;
  /** The SR sandbox's one company: its seed and size. */
  srSeed: NonNullable<SrSandboxOptions['seed']>;
  /** SR redelivers a failed webhook 1 min … 24 h later; the sandbox after these waits. */
  srWebhookRetryDelaysMs: number[];
  /** How soon response-writeback polls Willo for a response whose webhook did not come. */
  responsePolls: { intervalMs: number; firstCheckMs: number; maxIntervalMs: number; maxChecks?: number };
  /**
   * Faults (injected later through the sandboxes' control) drawn from this seed. The sandboxes' own
   * rate limits are lifted: their 429s come as injected faults at a set rate instead.
   */
  faultSeed?: number;
  /**
   * The clients' budgets, raised where several tenants share the one SR company and Willo organisation
   * (SR: 10 requests a second per tenant credential; Willo: 10 a second, 100 a minute per organisation).
   */
  quotas?: { srRequestsPerSecond: number; willoRequestsPerSecond: number; willoRequestsPerMinute: number };
}

/** The options of `startDistributedProduct` for a plan: the sandboxes' seeds, faults and limits, and the apps' settings. */
export function distributedProductOptions({ run, servers, srSeed, srWebhookRetryDelaysMs, responsePolls, faultSeed, quotas }: DistributedRunPlan): DistributedProductOptions {
  const willoQuotas: Record<string, string> = quotas ? { WILLO_REQUESTS_PER_SECOND: String(quotas.willoRequestsPerSecond), WILLO_REQUESTS_PER_MINUTE: String(quotas.willoRequestsPerMinute) } : {};
  return {
    run,
    ...servers,
    sr: { seed: srSeed, ...(faultSeed === undefined ? {} : { faultSeed, rateLimit: false }), webhooks: { retryDelaysMs: srWebhookRetryDelaysMs } },
    ...(faultSeed === undefined ? {} : { willo: { seed: faultSeed, rateLimits: { perSecond: 10_000, perMinute: 1_000_000, perDay: 10_000_000 } } }),
    env: {
      // The tenant's SR budget is connector-auth's: every process calling SR leases permits from it.
      ...(quotas ? { 'connector-auth': { SR_REQUESTS_PER_SECOND: String(quotas.srRequestsPerSecond) }, 'invite-dispatcher': willoQuotas } : {}),
      'response-writeback': {
        ...willoQuotas,
        RESPONSE_POLL_INTERVAL_MS: String(responsePolls.intervalMs),
        RESPONSE_POLL_FIRST_CHECK_MS: String(responsePolls.firstCheckMs),
        RESPONSE_POLL_MAX_INTERVAL_MS: String(responsePolls.maxIntervalMs),
        ...(responsePolls.maxChecks === undefined ? {} : { RESPONSE_POLL_MAX_CHECKS: String(responsePolls.maxChecks) }),
      },
    },
  };
}

/**
 * The product as deployed, for the distributed e2e specs: the six apps each in its own process on
 * Kafka and the Mongo-wire server (the test-support launcher), the SR and Willo sandboxes in the
 * test's process (it moves candidates, completes interviews, injects faults and counts their records),
 * and the admin's moves through config-api's typed client with a Willo-frontend JWT per tenant.
 */
export interface DistributedProduct {
  sr: SrSandbox;
  willo: WilloSandbox;
  stack: DistributedStack;
  /** config-api's client for a tenant's admin. */
  api(tenant: string): Promise<ConfigApiClient>;
  /** Enable through config-api, SR's consent page and connector-auth's callback; resolves once the initial sync completed. */
  enable(tenant: string, options?: { timeoutMs?: number }): Promise<void>;
  /** The tenant's `new_response` subscription in the Willo organisation, pointing at response-writeback. */
  subscribeToWilloResponses(tenant: string): Promise<void>;
  /** The tenant's whole activity timeline, oldest first. */
  timeline(tenant: string, query?: { candidateId?: string; interviewId?: string }): Promise<ActivityEntry[]>;
  /** Stops everything; the database is dropped only when `clean` (after a failure it is left for a look). */
  close(clean: boolean): Promise<void>;
}

export async function startDistributedProduct(options: DistributedProductOptions): Promise<DistributedProduct> {
  const { run } = options;
  const database = `dist_${run.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const dataDir = mkdtempSync(join(tmpdir(), `dist-product-${run}-`));
  const plan = await planDistributedStack(run);
  const clientSecret = randomBytes(24).toString('base64url');
  const willoWebhookSecret = randomBytes(24).toString('base64url');
  const sr = await startSrSandbox({
    ...options.sr,
    port: 0,
    client: { clientId: `srw-dist-${run}`, clientSecret, redirectUris: [`${plan.urls['connector-auth']}/oauth/callback`] },
  });
  const willo = await startWilloSandbox({ ...options.willo, port: 0 });
  let stack: DistributedStack;
  try {
    stack = await startDistributedStack(plan, {
      repoRoot,
      dataDir,
      kafkaBrokers: options.kafkaBrokers,
      mongoUrl: options.mongoUrl,
      database,
      ...(options.esdbUrl ? { esdbUrl: options.esdbUrl } : {}),
      sr: { apiUrl: sr.url, authorizeUrl: `${sr.url}/identity/oauth/allow`, tokenUrl: `${sr.url}/identity/oauth/token`, clientId: sr.client.clientId, clientSecret },
      willo: { apiKey: willo.apiKey, baseUrl: willo.apiBaseUrl, webhookSecret: willoWebhookSecret },
      jwt: testJwt,
      startGroupsAtTopicEnds: startKafkaGroupsAtTopicEnds,
      ...(options.env ? { env: options.env } : {}),
    });
  } catch (error) {
    await sr.close();
    await willo.close();
    throw error;
  }

  const clients = new Map<string, ConfigApiClient>();
  const api = async (tenant: string) => {
    let client = clients.get(tenant);
    if (!client) {
      const token = await signTestToken({ tenantId: tenant, userId: `admin-of-${tenant}`, expiresInSeconds: 3600 });
      client = createConfigApiClient({ baseUrl: `${plan.urls['config-api']}/v1`, token });
      clients.set(tenant, client);
    }
    return client;
  };
  const willoClient = createWilloClient({ apiKey: willo.apiKey, baseUrl: willo.apiBaseUrl });

  return {
    sr,
    willo,
    stack,
    api,
    async enable(tenant, { timeoutMs = 120_000 } = {}) {
      const client = await api(tenant);
      const enabled = await client.POST('/integrations/{integrationId}/enable', { params: { path: { integrationId: 'smartrecruiters' } }, body: { plan: 'scale' } });
      if (!enabled.data) throw new Error(`Enable answered ${enabled.response.status}`);
      const { callbackUrl } = await decideOnConsentPage(new URL(enabled.data.authorizationUrl));
      const landed = await fetch(callbackUrl, { headers: { accept: 'text/html' } });
      if (landed.status !== 200) throw new Error(`the OAuth callback answered ${landed.status}: ${await landed.text()}`);
      await eventually(
        async () => {
          const { data } = await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } });
          return data?.status === 'enabled' && data.lastSync?.outcome === 'completed';
        },
        { what: `config-api to show ${tenant} enabled with its initial sync completed (${stack.tails(5)})`, timeoutMs, intervalMs: 250 },
      );
    },
    async subscribeToWilloResponses(tenant) {
      await willoClient.webhooks.ensure({ targetUrl: `${plan.urls['response-writeback']}/webhooks/willo/${tenant}`, trigger: 'new_response', secret: willoWebhookSecret });
    },
    async timeline(tenant, query = {}) {
      const client = await api(tenant);
      const entries: ActivityEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.GET('/activity', { params: { query: { ...query, limit: 100, ...(cursor ? { cursor } : {}) } } });
        if (!page.data) throw new Error(`the activity answered ${page.response.status}`);
        entries.push(...page.data.items);
        cursor = page.data.nextCursor;
      } while (cursor);
      return entries.reverse();
    },
    async close(clean) {
      if (clean) await stack.stop();
      else await stack.killAll();
      await sr.close();
      await willo.close();
      if (!clean) {
        for (const [app, running] of Object.entries(stack.apps)) writeFileSync(join(dataDir, `${app}.log`), running.lines().join('\n'));
        // FerretDB (SQLite backend) crashed before dropping a database SIGKILLed clients had queried: left for a later look.
        console.warn(`left ${dataDir} (each app's log in it) and the database ${database} on ${options.mongoUrl} (the test failed)`);
        return;
      }
      rmSync(dataDir, { recursive: true, force: true });
      const mongo = await MongoClient.connect(options.mongoUrl);
      try {
        await mongo.db(database).dropDatabase();
      } finally {
        await mongo.close();
      }
    },
  };
}

/** The product of one describe block, started by its `beforeAll`. */
export interface SuiteProduct {
  /** Throws before the `beforeAll` started it. */
  readonly product: DistributedProduct;
  /** The test passed: `afterAll` stops the apps cleanly and drops the database (else kills them and leaves both for a look). */
  passed(): void;
}

/** Registers the describe block's hooks: the product of `plan` started before its tests, closed after them. */
export function distributedProductForSuite(plan: DistributedRunPlan, { startTimeoutMs }: { startTimeoutMs: number }): SuiteProduct {
  let product: DistributedProduct | undefined;
  let passed = false;
  beforeAll(async () => {
    product = await startDistributedProduct(distributedProductOptions(plan));
  }, startTimeoutMs);
  afterAll(async () => {
    await product?.close(passed);
  }, 60_000);
  return {
    get product() {
      if (!product) throw new Error('the distributed product was not started (its beforeAll failed or has not run)');
      return product;
    },
    passed() {
      passed = true;
    },
  };
}
