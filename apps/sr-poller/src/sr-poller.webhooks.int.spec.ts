import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBus } from '@srw/bus/embedded';
import { createEvent, relayCategoriesOf, streams } from '@srw/contracts';
import { eventIdFor, type RecordedEvent } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { appendEvents, createService, startRelay, type Adapters, type Service } from '@srw/runtime';
import { itemsOf, type SmartRecruitersClient } from '@srw/smartrecruiters';
import { connectToSandbox, type SandboxConnection } from '@srw/smartrecruiters/testing';
import { holdBackFirstAppend, loggedDeliveries, openEmbeddedPii, withAppendFaults, type AppendFaults, type LoggedDelivery } from '@srw/sr-sync/testing';
import { startSrSandbox, type SbApplication, type SrSandbox } from '@srw/sr-sandbox';
import { createGate, eventually, freePort, type Gate } from '@srw/test-support';
import { SqliteWebhookKeyStore, TokenCipher, type WebhookKeyStore } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SrPollerConfig } from './config';
import type { LeaseStore } from './scheduler/lease-store/lease-store.port';
import { openSqliteLeaseStore } from './scheduler/lease-store/sqlite-lease-store';
import type { SrPoller } from './sr-poller';
import { srPollerService } from './sr-poller.service';

const vaultKeys = `k1:${testKeyRing('k1').keys['k1']}`;
const run = randomUUID().slice(0, 8);
const tenant = `wh-${run}`;

/**
 * sr-poller as deployed for SR webhooks: the service (`srPollerService`, its config from the
 * environment, `PUBLIC_BASE_URL` included) over the embedded event store and bus, its webhook keys in
 * a SQLite file of `@srw/vault`, and the SR sandbox subscribing, handshaking and delivering signed
 * webhooks over HTTP. "Restarted" is a new service on the same stores and the same address, its key
 * store a new instance on the same file.
 */
describe('sr-poller with SR webhooks (sandbox delivering signed webhooks to the service over HTTP)', () => {
  let sandbox: SrSandbox;
  let connection: SandboxConnection;
  /** The test's own grant for reading SR's callbacks log: its calls spend their own rate budget. */
  let inspector: SandboxConnection;
  let dir: string;
  let eventStore: SqliteEventStore;
  let bus: SqliteBus;
  let readStore: SqliteReadStore;
  let leases: LeaseStore;
  let pii: ReturnType<typeof openEmbeddedPii>;
  let keysFile: string;
  let connectorAuthRelay: { stop(): Promise<void> };
  let port: number;
  let baseUrl: string;
  let service: Service<SrPollerConfig> | undefined;
  let poller: SrPoller | undefined;
  let keys: WebhookKeyStore | undefined;
  let subscriptionId: string;
  /** Runs around every append of the service's store: a test's fault. */
  const faults: AppendFaults = {};
  /**
   * While set, SR's status history answers only once the gate opens, and a read the caller aborts
   * (the intake's budget) fails at once: SR slower than SR allows its own acknowledgement.
   */
  let slowSr: Gate | undefined;
  const srClient = (): SmartRecruitersClient => {
    const client = connection.client as SmartRecruitersClient;
    const candidates = new Proxy(client.candidates, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'statusHistory') return (value as (...args: unknown[]) => unknown).bind(target);
        return async (candidateId: string, jobId: string, options: { signal?: AbortSignal } = {}) => {
          const gate = slowSr;
          if (gate) {
            await new Promise<void>((resolve, reject) => {
              void gate.wait().then(() => resolve());
              options.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true });
            });
          }
          return target.statusHistory(candidateId, jobId, options);
        };
      },
    });
    return new Proxy(client, { get: (target, property) => (property === 'candidates' ? candidates : Reflect.get(target, property, target)) });
  };
  let applications: SbApplication[];
  let used = 0;
  const nextApplication = () => applications[used++] as SbApplication;

  beforeAll(async () => {
    // SR's retries (1 min … 24 h) in test time, and enough of them that a delivery held back until a
    // condition holds, or sent while the service restarts, is never given up on a loaded machine.
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 17, jobs: 5, candidates: 120 }, rateLimit: false, webhooks: { retryDelaysMs: Array<number>(1_000).fill(20) } });
    connection = await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } });
    inspector = await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } });
    dir = mkdtempSync(join(tmpdir(), 'sr-poller-webhooks-'));
    keysFile = join(dir, 'sr-webhook-keys.sqlite');
    eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    bus = await SqliteBus.open({ pollIntervalMs: 20 });
    readStore = await SqliteReadStore.open();
    leases = openSqliteLeaseStore(join(dir, 'leases.sqlite'));
    pii = openEmbeddedPii();
    // connector-auth's relay: it publishes the integration topic the poller consumes (its own runs' events among them).
    connectorAuthRelay = startRelay({ store: eventStore, bus, categories: relayCategoriesOf('connector-auth'), subscriptionId: `connector-auth-${run}` });
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    applications = [...sandbox.control.tenant().applications.values()].filter((a) => a.status !== 'HIRED' && a.status !== 'REJECTED');
  });
  afterAll(async () => {
    await stopPoller();
    await connectorAuthRelay?.stop();
    await sandbox?.close();
    await leases?.close();
    await pii?.keys.close();
    await bus?.close();
    await eventStore?.close();
    await readStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A poller replica at `baseUrl`, on the shared stores; a fresh replica id, so its group replays the topic. */
  async function startPoller(): Promise<void> {
    keys = new SqliteWebhookKeyStore(keysFile, TokenCipher.fromConfig(testKeyRing('k1')));
    const adapters: Adapters = { eventStore: withAppendFaults(eventStore, faults), bus, readStore, kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' }, close: async () => undefined };
    service = await createService(
      srPollerService({
        leases,
        pii,
        webhookKeys: keys,
        srClientFor: srClient,
        onCreated: (created) => (poller = created),
      }),
      {
        adapters,
        env: {
          PORT: String(port),
          PUBLIC_BASE_URL: baseUrl,
          LOG_LEVEL: 'error',
          VAULT_KEYS: vaultKeys,
          VAULT_CURRENT_KEY_ID: 'k1',
          CONNECTOR_AUTH_URL: 'http://127.0.0.1:9',
          INTERNAL_SERVICE_TOKEN: 'x'.repeat(32),
          SR_POLLER_GROUP_PREFIX: `sr-poller-webhooks-${run}`,
          DATA_DIR: dir,
        },
      },
    );
    await service.start();
  }

  async function stopPoller(): Promise<void> {
    await service?.stop();
    await keys?.close();
    service = undefined;
  }

  const integrationEvent = async (type: 'IntegrationConnected' | 'IntegrationDisconnected', tenantId: string, scopes: string[] = []) => {
    const metadata = { tenantId, correlationId: `c-${tenantId}`, causationId: `c-${tenantId}`, observedAt: new Date().toISOString() };
    const event =
      type === 'IntegrationConnected'
        ? createEvent('IntegrationConnected', { connectedBy: 'admin', scopes, accessTokenExpiresAt: new Date(Date.now() + 1_800_000).toISOString() }, metadata)
        : createEvent('IntegrationDisconnected', { disconnectedBy: 'admin' }, metadata);
    const history = type === 'IntegrationConnected' ? [{ event: createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, metadata) }] : [];
    const existing = await eventStore.readStream(streams.integration(tenantId));
    await appendEvents(eventStore, streams.integration(tenantId), existing.length === 0 ? [...history, { event }] : [{ event }]);
  };

  /** The subscriptions of the service's grant (SR lists a grant's own), read with the test's client. */
  const subscriptions = async () => {
    const all = [];
    for await (const s of itemsOf(connection.client.webhooks.list())) all.push(s);
    return all;
  };
  const observationsOf = async (a: SbApplication): Promise<RecordedEvent[]> =>
    (await eventStore.readStream(streams.srApplication(tenant, a.candidateId, a.jobId))).filter((e) => e.type === 'ApplicationStageObserved');
  const move = (a: SbApplication, status: 'HIRED' | 'REJECTED' | 'NEW') => {
    expect(sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status }).ok).toBe(true);
  };
  const loggedFor = (a: SbApplication): Promise<LoggedDelivery[]> => loggedDeliveries(inspector.client, subscriptionId, a.applicationId);
  const callbackUrl = () => `${baseUrl}/sr/webhooks/${tenant}`;
  const post = (headers: Record<string, string>, body: string) => fetch(callbackUrl(), { method: 'POST', headers, body });

  it('IntegrationConnected with a grant that allows webhooks → subscribed at <PUBLIC_BASE_URL>/sr/webhooks/<tenant>, activated through the handshake, its key stored encrypted', async () => {
    await startPoller();
    await integrationEvent('IntegrationConnected', tenant, (await connection.store.read())!.scopes);
    const subscription = await eventually(async () => (await subscriptions()).find((s) => s.callbackUrl === callbackUrl() && s.status === 'active'), {
      what: 'an active subscription to our callback',
    });
    subscriptionId = subscription.id;
    expect(subscription.events).toEqual(expect.arrayContaining(['application.status.updated', 'application.created']));
    const key = await connection.client.webhooks.secretKey(subscriptionId);
    expect(await keys!.keysOf(tenant)).toEqual([key]);
    // At rest only encrypted: the file holds no form of the key.
    const raw = readFileSync(keysFile);
    for (const form of [key, Buffer.from(key).toString('base64')]) expect(raw.includes(form)).toBe(false);
  });

  it('a grant without webhook scopes is not subscribed: SR is not even asked', async () => {
    const narrow = `wh-narrow-${run}`;
    const before = sandbox.control.requests().length;
    await integrationEvent('IntegrationConnected', narrow, ['jobs_read', 'candidates_read']);
    await eventually(() => (poller!.book.get(narrow)?.connected ? true : undefined), { what: 'the connect folded' });
    await poller!.webhooks.settled();
    expect(sandbox.control.requests().slice(before).filter((r) => r.path.startsWith('/webhooks-api/'))).toEqual([]);
    expect(await keys!.keysOf(narrow)).toEqual([]);
  });

  it('a signed delivery becomes one ApplicationStageObserved (source webhook), appended before SR sees the 202', async () => {
    const a = nextApplication();
    move(a, 'HIRED');
    const [observed] = await eventually(async () => ((await observationsOf(a)).length > 0 ? observationsOf(a) : undefined), { what: 'the observation' });
    expect(observed!.data).toMatchObject({ candidateId: a.candidateId, jobId: a.jobId, to: { status: 'HIRED', subStatus: null }, source: 'webhook' });
    const [logged] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'the callbacks log' });
    expect(logged!.status).toBe('successful');
    expect(observed!.id).toBe(eventIdFor(streams.srApplication(tenant, a.candidateId, a.jobId), 'webhook', logged!.headers['event-id']!));
  });

  it('SR slower than the intake may wait → acknowledged (202) within SR’s 5 s with the delivery queued, then observed once by the deferral consumer when SR answers', async () => {
    const a = nextApplication();
    const stream = streams.srApplication(tenant, a.candidateId, a.jobId);
    slowSr = createGate();
    try {
      move(a, 'REJECTED');
      const deferred = await eventually(async () => (await eventStore.readStream(stream)).find((e) => e.type === 'ApplicationWebhookDeferred'), { what: 'the delivery queued' });
      const [logged] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'the callbacks log' });
      // Acknowledged at its first attempt: SR saw a 202 in time, though the stage was not read yet.
      expect(logged!.status).toBe('successful');
      expect(deferred.data).toEqual({ candidateId: a.candidateId, jobId: a.jobId, webhookEventId: logged!.headers['event-id'], reason: 'deadline' });
      expect(await observationsOf(a)).toEqual([]);
      // SR's retry of it, or a copy, queues nothing more.
      expect((await post(logged!.headers, logged!.body)).status).toBe(202);
    } finally {
      slowSr.open();
      slowSr = undefined;
    }
    const [observed] = await eventually(async () => ((await observationsOf(a)).length > 0 ? observationsOf(a) : undefined), { what: 'the deferred delivery observed' });
    expect(observed!.data).toMatchObject({ to: { status: 'REJECTED' }, source: 'webhook' });
    const events = await eventStore.readStream(stream);
    expect(events.filter((e) => e.type === 'ApplicationWebhookDeferred')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ApplicationStageObserved')).toHaveLength(1);
    // Caused by the deferral: the trail says why it came late.
    expect(observed!.metadata).toMatchObject({ causationId: events.find((e) => e.type === 'ApplicationWebhookDeferred')!.id });
  });

  it('two deliveries out of order, then every delivery again twice at once → one observation each, and the latest stage wins', async () => {
    const a = nextApplication();
    const stream = streams.srApplication(tenant, a.candidateId, a.jobId);
    // The first move's delivery fails (503) until the second move's observation is in: it arrives second.
    const hold = holdBackFirstAppend(faults, stream);
    move(a, 'REJECTED');
    await eventually(() => hold.heldId() !== undefined, { what: 'the first delivery to reach the store' });
    move(a, 'HIRED');
    const observations = await eventually(async () => ((await observationsOf(a)).length >= 2 ? observationsOf(a) : undefined), { what: 'both observations' });
    faults.before = faults.after = undefined;
    expect(observations[1]!.id).toBe(hold.heldId());

    const logged = await loggedFor(a);
    const eventIds = [...new Set(logged.map((d) => d.headers['event-id']!))];
    expect(eventIds).toHaveLength(2);
    expect(logged.some((d) => d.status === 'failed')).toBe(true);
    expect(new Set(observations.map((e) => e.id))).toEqual(new Set(eventIds.map((id) => eventIdFor(stream, 'webhook', id))));
    // The late delivery re-read SR: the stream ends on the stage the application is in now.
    const current = sandbox.control.tenant().application(a.candidateId, a.jobId)!;
    expect(observations.at(-1)!.data).toMatchObject({ to: { status: current.status, subStatus: current.subStatus ?? null } });

    const replays = await Promise.all([...logged, ...logged].map((d) => post(d.headers, d.body)));
    expect(replays.map((r) => r.status)).toEqual(replays.map(() => 202));
    expect((await observationsOf(a)).map((e) => e.id)).toEqual(observations.map((e) => e.id));
  });

  it('an unsigned or wrongly signed delivery → 401 problem+json, nothing appended', async () => {
    const a = nextApplication();
    const body = JSON.stringify({ job_id: a.jobId, candidate_id: a.candidateId, application_id: a.applicationId });
    const timestamp = String(Date.now());
    const headers = { 'event-id': randomUUID(), 'event-name': 'application.status.updated', 'event-version': '1', 'smartrecruiters-timestamp': timestamp, link: '' };
    const signed = [timestamp, body, headers['event-id'], headers['event-name'], headers['event-version'], headers.link].join('.');
    const wrong = { ...headers, 'smartrecruiters-signature': `v1=${createHmac('sha256', 'not-the-key').update(signed).digest('hex')}` };
    for (const attempt of [headers, wrong]) {
      const response = await post(attempt, body);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect(await observationsOf(a)).toEqual([]);
  });

  it('after a restart (a new service, a new key store instance on the same file) deliveries still verify, a redelivery is still one observation, and the subscription is reused', async () => {
    const before = nextApplication();
    move(before, 'HIRED');
    const [delivered] = await eventually(async () => ((await observationsOf(before)).length > 0 ? loggedFor(before) : undefined), { what: 'a delivery before the restart' });

    await stopPoller();
    await startPoller();
    const after = nextApplication();
    move(after, 'REJECTED');
    const observed = await eventually(async () => ((await observationsOf(after)).length > 0 ? observationsOf(after) : undefined), { what: 'a delivery after the restart observed' });
    expect(observed[0]!.data).toMatchObject({ to: { status: 'REJECTED' }, source: 'webhook' });

    // SR retrying a delivery the previous process recorded: acknowledged, nothing appended.
    const again = await post(delivered!.headers, delivered!.body);
    expect(again.status).toBe(202);
    expect(await observationsOf(before)).toHaveLength(1);

    // The replayed IntegrationConnected ensured the subscription again: reused, not doubled.
    await eventually(() => (poller!.book.get(tenant)?.connected ? true : undefined), { what: 'the replay folded' });
    await poller!.webhooks.settled();
    expect((await subscriptions()).filter((s) => s.callbackUrl === callbackUrl())).toHaveLength(1);
  });

  it('IntegrationDisconnected forgets the keys: a delivery that verified before is refused (401) afterwards', async () => {
    const a = nextApplication();
    move(a, 'NEW');
    const [delivery] = await eventually(async () => ((await observationsOf(a)).length > 0 ? loggedFor(a) : undefined), { what: 'a delivery' });
    await integrationEvent('IntegrationDisconnected', tenant);
    await eventually(async () => ((await keys!.keysOf(tenant)).length === 0 ? true : undefined), { what: 'the keys forgotten' });
    const refused = await post(delivery!.headers, delivery!.body);
    expect(refused.status).toBe(401);
  });
});
