import { streams, type EncryptedPii } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { type SbApplication, type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { connectToSandbox, type SandboxConnection } from '@srw/smartrecruiters/testing';
import { eventually } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedEventStore, openEmbeddedPii, serveSrWebhookRoutes, type ServedWebhookRoutes } from '../testing';
import { ensureSrWebhookSubscription } from './ensure-subscription';
import { InMemorySrWebhookKeys } from './webhook-keys';

const tenant = 't-webhook-profile';

/**
 * A move SR reports by webhook can be the first we hear of a candidate: the poll lists only candidates
 * already in mapped stages, at its interval. Without their profile invite-dispatcher has no email and
 * retries `candidate_missing` until it abandons the invite. The intake observes the profile itself,
 * once per candidate, before the stage.
 */
describe('SR webhook intake: the first sight of a candidate observes their profile', () => {
  let sandbox: SrSandbox;
  let connection: SandboxConnection;
  let store: EventStore;
  let routes: ServedWebhookRoutes;
  const pii = openEmbeddedPii();
  const keys = new InMemorySrWebhookKeys();

  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 11, jobs: 4, candidates: 60 }, webhooks: { retryDelaysMs: Array<number>(100).fill(20) } });
    connection = await connectToSandbox(sandbox);
    store = await openEmbeddedEventStore();
    routes = await serveSrWebhookRoutes({ store, keys, pii, clientFor: async () => connection.client, clock: () => new Date() }, store);
    const subscribed = await ensureSrWebhookSubscription(connection.client, { tenant, callbackUrl: `${routes.url}/sr/webhooks/${tenant}`, keys });
    expect(subscribed).toMatchObject({ status: 'active' });
  });
  afterAll(async () => {
    await sandbox?.close();
    await routes?.stop();
    await store?.close();
    await pii.keys.close();
  });

  const candidateReads = (candidateId: string) => sandbox.control.requests().filter((r) => r.method === 'GET' && r.path === `/candidates/${candidateId}`).length;

  it('appends CandidateObserved (sealed, with SR’s email) before the stage, and reads the profile only once for later moves', async () => {
    const byCandidate = new Map<string, SbApplication[]>();
    for (const a of sandbox.control.tenant().applications.values()) byCandidate.set(a.candidateId, [...(byCandidate.get(a.candidateId) ?? []), a]);
    const a = [...byCandidate.values()].find((list) => list.length === 1)![0]!;
    const email = sandbox.control.tenant().candidates.get(a.candidateId)!.email;

    expect(sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status: 'NEW' }).ok).toBe(true);
    const observed = await eventually(async () => (await store.readStream(streams.srApplication(tenant, a.candidateId, a.jobId))).at(-1), { what: 'the first move observed' });
    const [profile] = await store.readStream(streams.srCandidate(tenant, a.candidateId));
    expect(profile?.type).toBe('CandidateObserved');
    expect(profile!.position < observed.position).toBe(true);
    const key = (await pii.keys.find(tenant, a.candidateId))!;
    expect(pii.cipher.decrypt((profile!.data as { pii: EncryptedPii }).pii, key, { tenant, candidateId: a.candidateId })['email']).toBe(email);
    expect(candidateReads(a.candidateId)).toBe(1);

    expect(sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status: 'REJECTED' }).ok).toBe(true);
    await eventually(async () => (await store.readStream(streams.srApplication(tenant, a.candidateId, a.jobId))).length === 2 || undefined, { what: 'the second move observed' });
    expect(candidateReads(a.candidateId)).toBe(1);
    expect(await store.readStream(streams.srCandidate(tenant, a.candidateId))).toHaveLength(1);
  });
});
