import { randomBytes } from 'node:crypto';
import { SqliteBus } from '@srw/bus/embedded';
import { streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { createService, type Adapters, type Service } from '@srw/runtime';
import { ObservationWriter } from '@srw/sr-sync';
import { openEmbeddedPii } from '@srw/sr-sync/testing';
import { testKeyRing } from '@srw/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SrPollerConfig } from '../config';
import { openSqliteLeaseStore } from '../scheduler/lease-store/sqlite-lease-store';
import { srPollerService } from '../sr-poller.service';

/** The GDPR erasure endpoint as sr-poller serves it (its error handler, its service token), over HTTP. */
describe('sr-poller POST /internal/candidate-erasures', () => {
  const tenantId = `erasure-${randomBytes(4).toString('hex')}`;
  const serviceToken = randomBytes(24).toString('base64url');
  const pii = openEmbeddedPii();
  let eventStore: SqliteEventStore;
  let bus: SqliteBus;
  let readStore: SqliteReadStore;
  let service: Service<SrPollerConfig>;
  let url: string;

  beforeAll(async () => {
    eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    bus = await SqliteBus.open({ pollIntervalMs: 20 });
    readStore = await SqliteReadStore.open();
    const adapters: Adapters = { eventStore, bus, readStore, kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' }, close: async () => undefined };
    service = await createService(srPollerService({ leases: openSqliteLeaseStore(':memory:'), pii, srClientFor: () => { throw new Error('no SR calls here'); } }), {
      adapters,
      env: { PORT: '0', LOG_LEVEL: 'error', VAULT_KEYS: `k1:${testKeyRing('k1').keys['k1']}`, VAULT_CURRENT_KEY_ID: 'k1', CONNECTOR_AUTH_URL: 'http://127.0.0.1:9', INTERNAL_SERVICE_TOKEN: serviceToken },
    });
    url = await service.start();
    const writer = new ObservationWriter(eventStore, tenantId, pii);
    const metadata = { tenantId, correlationId: 'sync', causationId: 'sync', observedAt: '2026-03-01T10:00:00.000Z' };
    for (const id of ['c1', 'c2']) await writer.observeCandidate({ id, firstName: 'Ada', lastName: 'L', email: `${id}@example.com`, createdOn: '2026-01-01T00:00:00.000Z' }, metadata);
  });
  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await readStore?.close();
    await eventStore?.close();
    await pii.keys.close();
  });

  const erase = (body: unknown, token: string | null = serviceToken) =>
    fetch(`${url}/internal/candidate-erasures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const typesOf = async (candidateId: string) => (await eventStore.readStream(streams.srCandidate(tenantId, candidateId))).map((e) => e.type);

  it('refuses a caller without the service token (401 problem+json) and touches nothing', async () => {
    for (const token of [null, 'not-the-token']) {
      const answer = await erase({ tenant: tenantId, candidateId: 'c1', requestId: 'gdpr-1' }, token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await pii.keys.find(tenantId, 'c1')).toBeDefined();
  });

  it('answers bad input with a 400 problem naming the fields, never a 5xx', async () => {
    for (const body of ['not json', {}, { tenant: 'a:b', candidateId: 'c1', requestId: 'r' }, { tenant: tenantId, candidateId: { $ne: 1 }, requestId: 'r' }, { tenant: tenantId, candidateId: 'c1', requestId: 'r', email: 'x@y' }]) {
      const answer = await erase(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(((await answer.json()) as { type: string }).type).toBe('urn:srw:problem:validation');
    }
    expect(await typesOf('c1')).toEqual(['CandidateObserved']);
  });

  it('erases one candidate of one tenant, once: the key shredded, CandidatePiiErased appended; a retry changes nothing', async () => {
    const first = await erase({ tenant: tenantId, candidateId: 'c1', requestId: 'gdpr-1' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ tenant: tenantId, candidateId: 'c1', erased: true, keyShredded: true });
    const again = await erase({ tenant: tenantId, candidateId: 'c1', requestId: 'gdpr-1' });
    expect(await again.json()).toMatchObject({ erased: true, keyShredded: false });
    expect(await typesOf('c1')).toEqual(['CandidateObserved', 'CandidatePiiErased']);
    expect(await pii.keys.find(tenantId, 'c1')).toBeUndefined();
    // The other candidate, and the same candidate id in another tenant, are untouched.
    expect(await pii.keys.find(tenantId, 'c2')).toBeDefined();
    expect(await pii.keys.isShredded(`${tenantId}-other`, 'c1')).toBe(false);
  });
});
