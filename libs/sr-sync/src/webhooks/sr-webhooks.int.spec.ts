import { createHmac } from 'node:crypto';
import { streams } from '@srw/contracts';
import { TransientError } from '@srw/errors';
import { eventIdFor, type EventStore, type RecordedEvent } from '@srw/event-store';
import { type SbApplication, type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { itemsOf } from '@srw/smartrecruiters';
import { connectToSandbox, type SandboxConnection } from '@srw/smartrecruiters/testing';
import { createGate, eventually } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdBackFirstAppend, loggedDeliveries, openEmbeddedEventStore, serveSrWebhookRoutes, withAppendFaults, type AppendFaults, type LoggedDelivery, type ServedWebhookRoutes } from '../testing';
import { ensureSrWebhookSubscription } from './ensure-subscription';
import { InMemorySrWebhookKeys } from './webhook-keys';

const tenant = 't-webhooks';

describe('SR webhooks into observations (sandbox → our routes on a loopback port → embedded store)', () => {
  let sandbox: SrSandbox;
  let connection: SandboxConnection;
  /** The test's own grant for reading SR's callbacks log: its polling spends its own rate budget, not the routes'. */
  let inspector: SandboxConnection;
  let store: EventStore;
  let routes: ServedWebhookRoutes;
  let callbackUrl: string;
  let subscriptionId: string;
  const keys = new InMemorySrWebhookKeys();
  /** Runs before (`before`) and after (`after`) every append of the routes' store: a test's fault. */
  const faults: AppendFaults = {};
  let applications: SbApplication[];
  let used = 0;
  const nextApplication = () => applications[used++] as SbApplication;

  beforeAll(async () => {
    // Retries every 20 ms, 500 times: SR's retries (1 min … 24 h) in test time, and enough of them
    // that a delivery held back until a condition holds is never given up on a loaded machine.
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 7, jobs: 5, candidates: 200 }, webhooks: { retryDelaysMs: Array<number>(500).fill(20) } });
    connection = await connectToSandbox(sandbox);
    inspector = await connectToSandbox(sandbox);
    store = await openEmbeddedEventStore();
    const faulty = withAppendFaults(store, faults);
    routes = await serveSrWebhookRoutes({ store: faulty, keys, clientFor: async () => connection.client, clock: () => new Date() }, store);
    callbackUrl = `${routes.url}/sr/webhooks/${tenant}`;
    applications = [...sandbox.control.tenant().applications.values()].filter((a) => a.status !== 'HIRED' && a.status !== 'REJECTED');
  });
  afterAll(async () => {
    await sandbox?.close();
    await routes?.stop();
    await store?.close();
  });

  const observationsOf = async (a: SbApplication): Promise<RecordedEvent[]> =>
    (await store.readStream(streams.srApplication(tenant, a.candidateId, a.jobId))).filter((e) => e.type === 'ApplicationStageObserved');
  const move = (a: SbApplication, status: 'HIRED' | 'REJECTED' | 'NEW') => {
    expect(sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status }).ok).toBe(true);
  };
  const loggedFor = (a: SbApplication): Promise<LoggedDelivery[]> => loggedDeliveries(inspector.client, subscriptionId, a.applicationId);
  const post = (headers: Record<string, string>, body: string, url = callbackUrl) => fetch(url, { method: 'POST', headers, body });

  it('subscribes, stores the signing key and activates through the handshake on our route; a second call reuses it', async () => {
    const first = await ensureSrWebhookSubscription(connection.client, { tenant, callbackUrl, keys, grantedScopes: (await connection.store.read())!.scopes });
    expect(first).toMatchObject({ status: 'active', reused: false });
    subscriptionId = (first as { subscriptionId: string }).subscriptionId;
    const subscription = await connection.client.webhooks.get(subscriptionId);
    expect(subscription).toMatchObject({ status: 'active', events: ['application.status.updated', 'application.created'] });
    expect(await keys.keysOf(tenant)).toEqual([await connection.client.webhooks.secretKey(subscriptionId)]);

    // A restarted process: no keys in memory. The subscription is reused and the latest key read back.
    const fresh = new InMemorySrWebhookKeys();
    expect(await ensureSrWebhookSubscription(connection.client, { tenant, callbackUrl, keys: fresh })).toEqual({ status: 'active', subscriptionId, reused: true });
    expect(await fresh.keysOf(tenant)).toEqual(await keys.keysOf(tenant));
    const all = [];
    for await (const s of itemsOf(connection.client.webhooks.list())) all.push(s);
    expect(all.filter((s) => s.callbackUrl === callbackUrl)).toHaveLength(1);
  });

  it('answers the X-Hook-Secret handshake itself', async () => {
    const response = await post({ 'X-Hook-Secret': 'abc123' }, '');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hook-secret')).toBe('abc123');
  });

  it('skips, with the reason, when the grant may not manage webhooks', async () => {
    const scopes = ['jobs_read', 'candidates_read', 'configuration_read'];
    const limited = await connectToSandbox(sandbox, { scopes });
    const byScopes = await ensureSrWebhookSubscription(limited.client, { tenant, callbackUrl, keys: new InMemorySrWebhookKeys(), grantedScopes: scopes });
    expect(byScopes).toMatchObject({ status: 'skipped', reason: expect.stringContaining('webhooks_manage') });
    // Without the scopes at hand, SR's 403 says it.
    const bySr = await ensureSrWebhookSubscription(limited.client, { tenant, callbackUrl, keys: new InMemorySrWebhookKeys() });
    expect(bySr).toMatchObject({ status: 'skipped', reason: expect.stringContaining('PERMISSION_DENIED') });
  });

  it('turns a signed delivery into one ApplicationStageObserved (source webhook) before acknowledging it', async () => {
    const a = nextApplication();
    move(a, 'HIRED');
    const [observed] = await eventually(async () => ((await observationsOf(a)).length > 0 ? observesOf(await observationsOf(a)) : undefined), { what: 'the observation' });
    const history = await connection.client.candidates.statusHistory(a.candidateId, a.jobId);
    expect(observed).toMatchObject({
      candidateId: a.candidateId,
      jobId: a.jobId,
      to: { status: 'HIRED', subStatus: null },
      changedOn: new Date(history.at(-1)!.changedOn!).toISOString(),
      source: 'webhook',
    });
    // Appended within the request: by the time SR logs the 202, the observation is there.
    const [logged] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'the callbacks log' });
    expect(logged?.status).toBe('successful');
    const recorded = (await observationsOf(a))[0]!;
    expect(recorded.id).toBe(eventIdFor(streams.srApplication(tenant, a.candidateId, a.jobId), 'webhook', logged!.headers['event-id']!));
  });

  it('refuses unsigned, tampered, wrongly keyed and other-tenant deliveries with 401 problem+json, appending nothing', async () => {
    const a = nextApplication();
    move(a, 'HIRED');
    const [delivery] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'a delivery' });
    const other = nextApplication();
    const { 'smartrecruiters-signature': signature, ...unsigned } = delivery!.headers;
    expect(signature).toBeDefined();
    const tampered = delivery!.body.replace(a.candidateId, other.candidateId).replace(a.jobId, other.jobId);
    const foreignKey = resign(delivery!.headers, tampered, 'not-the-key');
    const attempts = [
      post(unsigned, tampered),
      post(delivery!.headers, tampered),
      post(foreignKey, tampered),
      post(delivery!.headers, delivery!.body, `${routes.url}/sr/webhooks/another-tenant`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect(await observationsOf(other)).toEqual([]);
    expect(await store.readStream(streams.srApplication('another-tenant', a.candidateId, a.jobId))).toEqual([]);
  });

  it('answers a signed but malformed delivery and a bad tenant with 400, an oversized body with 413, as problem+json', async () => {
    const a = nextApplication();
    move(a, 'NEW');
    const [delivery] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'a delivery' });
    const [key] = await keys.keysOf(tenant);
    const body = JSON.stringify({ application_id: a.applicationId });
    const malformed = await post(resign(delivery!.headers, body, key!), body);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(await malformed.json()).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ path: 'job_id' })]) });
    const badTenant = await post(delivery!.headers, delivery!.body, `${routes.url}/sr/webhooks/a%20b`);
    expect(badTenant.status).toBe(400);
    const huge = await post(delivery!.headers, 'x'.repeat(65 * 1024));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('queues a delivery whose SR read fails (reason failed) and acknowledges it: SR’s own error is no 5xx; a copy queues nothing more', async () => {
    const a = nextApplication();
    const stream = streams.srApplication(tenant, a.candidateId, a.jobId);
    const other = await openEmbeddedEventStore();
    const failing = await serveSrWebhookRoutes(
      {
        store: other,
        keys,
        clientFor: async () => {
          throw new TransientError('SR answered 503 for the test');
        },
        clock: () => new Date(),
      },
      other,
    );
    try {
      move(a, 'HIRED');
      const [logged] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'the delivery' });
      const url = `${failing.url}/sr/webhooks/${tenant}`;
      expect((await post(logged!.headers, logged!.body, url)).status).toBe(202);
      expect((await post(logged!.headers, logged!.body, url)).status).toBe(202);
      const events = await other.readStream(stream);
      expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual([
        { type: 'ApplicationWebhookDeferred', data: { candidateId: a.candidateId, jobId: a.jobId, webhookEventId: logged!.headers['event-id'], reason: 'failed' } },
      ]);
    } finally {
      await failing.stop();
      await other.close();
    }
  });

  it('keeps one observation per event-id when deliveries arrive out of order and again, concurrently', async () => {
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

    // Every delivery SR made (failed attempts included) again, newest first, all at once.
    const replays = await Promise.all([...logged, ...logged].map((d) => post(d.headers, d.body)));
    expect(replays.map((r) => r.status)).toEqual(replays.map(() => 202));
    expect((await observationsOf(a)).map((e) => e.id)).toEqual(observations.map((e) => e.id));
  });

  it('appends one observation when two copies of a new delivery race to the same revision', async () => {
    const a = nextApplication();
    const stream = streams.srApplication(tenant, a.candidateId, a.jobId);
    // SR delivers once, and we fail it: a delivery SR has made and nobody has recorded.
    sandbox.control.setWebhookSettings({ retryDelaysMs: [] });
    faults.before = (s) => {
      if (s === stream) throw new TransientError('first attempt fails for the test');
    };
    move(a, 'HIRED');
    const [delivery] = await eventually(async () => ((await loggedFor(a)).length > 0 ? loggedFor(a) : undefined), { what: 'the failed delivery' });
    expect(delivery!.status).toBe('failed');
    sandbox.control.setWebhookSettings({ retryDelaysMs: Array<number>(500).fill(20) });
    // Both copies have read the stream (no such observation yet) before either appends.
    const bothRead = createGate();
    let arrivals = 0;
    faults.before = async (s) => {
      if (s !== stream) return;
      if (++arrivals === 2) bothRead.open();
      await bothRead.wait();
    };
    const answers = await Promise.all([post(delivery!.headers, delivery!.body), post(delivery!.headers, delivery!.body)]);
    faults.before = undefined;
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    expect(arrivals).toBe(2);
    const observations = await observationsOf(a);
    expect(observations.map((e) => e.id)).toEqual([eventIdFor(stream, 'webhook', delivery!.headers['event-id']!)]);
  });

  it('is still one observation when our 5xx made SR retry a delivery whose append had landed', async () => {
    const a = nextApplication();
    const stream = streams.srApplication(tenant, a.candidateId, a.jobId);
    let failed = 0;
    // The append lands, then our answer is a 503: what a crash between append and 202 looks like to SR.
    faults.after = (s) => {
      if (s === stream && failed++ === 0) throw new TransientError('acknowledgement lost for the test');
    };
    move(a, 'HIRED');
    const logged = await eventually(async () => {
      const entries = await loggedFor(a);
      return entries.some((d) => d.status === 'successful') ? entries : undefined;
    }, { what: 'SR to log a successful retry' });
    faults.after = undefined;
    expect(logged.filter((d) => d.status === 'failed')).toHaveLength(1);
    expect(new Set(logged.map((d) => d.headers['event-id'])).size).toBe(1);
    expect(await observationsOf(a)).toHaveLength(1);
    // The retry was acknowledged from the store: SR's status history was read once, for the first attempt.
    const historyPath = `/candidates/${a.candidateId}/jobs/${a.jobId}/status/history`;
    expect(sandbox.control.requests().filter((r) => r.path === historyPath)).toHaveLength(1);
  });
});

const observesOf = (events: RecordedEvent[]) => events.map((e) => e.data);

/** The delivery's headers with `smartrecruiters-signature` made over `body` with `key` (SR's `v1` scheme). */
function resign(headers: Record<string, string>, body: string, key: string): Record<string, string> {
  const signed = [headers['smartrecruiters-timestamp'], body, headers['event-id'], headers['event-name'], headers['event-version'], headers['link']].join('.');
  return { ...headers, 'smartrecruiters-signature': `v1=${createHmac('sha256', key).update(signed).digest('hex')}` };
}
