import { randomUUID } from 'node:crypto';
import { streams, type EncryptedPii } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { CandidateSummary } from '@srw/smartrecruiters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObservationWriter } from './observations';
import { openEmbeddedEventStore, openEmbeddedPii } from './testing';

const tenantId = 'acme';
const metadata = () => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: '2026-12-02T04:00:00.000Z' });
const candidate = (email: string): CandidateSummary => ({ id: 'c1', firstName: 'Ada', lastName: 'Lovelace', email, createdOn: '2026-01-01T00:00:00.000Z' });

/** `observeCandidate` on the embedded store (in memory) and key store: what crypto-shredding asks of the writer. */
describe('ObservationWriter.observeCandidate', () => {
  let store: EventStore;
  let pii: ReturnType<typeof openEmbeddedPii>;
  let writer: ObservationWriter;
  const stream = streams.srCandidate(tenantId, 'c1');
  const context = { tenant: tenantId, candidateId: 'c1' };

  beforeEach(async () => {
    store = await openEmbeddedEventStore();
    pii = openEmbeddedPii();
    writer = new ObservationWriter(store, tenantId, pii);
  });
  afterEach(async () => {
    await store.close();
    await pii.keys.close();
  });

  it('appends the profile sealed under the candidate key, and again only when it changes', async () => {
    expect(await writer.observeCandidate(candidate('ada@example.com'), metadata())).toBe(1);
    expect(await writer.observeCandidate(candidate('ada@example.com'), metadata())).toBe(0);
    expect(await writer.observeCandidate(candidate('ada@example.org'), metadata())).toBe(1);
    const events = await store.readStream(stream);
    expect(JSON.stringify(events)).not.toMatch(/Lovelace|ada@example/);
    const key = (await pii.keys.find(tenantId, 'c1'))!;
    const emails = events.map((e) => pii.cipher.decrypt((e.data as { pii: EncryptedPii }).pii, key, context)['email']);
    expect(emails).toEqual(['ada@example.com', 'ada@example.org']);
  });

  it('observes a shredded candidate no more: no new key, nothing appended', async () => {
    await writer.observeCandidate(candidate('ada@example.com'), metadata());
    await pii.keys.shred(tenantId, 'c1', new Date('2026-12-02T04:00:00.000Z'));
    expect(await writer.observeCandidate(candidate('ada@example.net'), metadata())).toBe(0);
    expect(await store.readStream(stream)).toHaveLength(1);
    expect(await pii.keys.find(tenantId, 'c1')).toBeUndefined();
  });

  it('follows a version 1 event (plaintext, not shreddable) with an encrypted one: the migration path', async () => {
    const v1 = { candidateId: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, updatedOn: '2026-01-01T00:00:00.000Z', contentHash: 'a'.repeat(64) };
    await store.append(stream, [{ id: randomUUID(), type: 'CandidateObserved', data: v1, metadata: { ...metadata(), schemaVersion: 1 } }]);
    expect(await writer.observeCandidate(candidate('ada@example.com'), metadata())).toBe(1);
    const [, latest] = await store.readStream(stream);
    expect(Object.keys((latest!.data as { pii: object }).pii).sort()).toEqual(['ciphertext', 'keyId']);
  });
});
