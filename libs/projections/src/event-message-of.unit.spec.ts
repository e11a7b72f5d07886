import { createEvent, typedEventMessageSchema } from '@srw/contracts';
import type { RecordedEvent } from '@srw/event-store';
import { describe, expect, it } from 'vitest';
import { eventMessageOf } from './replay';

const metadata = { tenantId: 'acme', correlationId: 'c1', causationId: 'c2', observedAt: '2026-01-01T00:00:00.000Z' };
const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => {
  const event = createEvent('JobStagesObserved', { jobId: 'j1', stages: [{ status: 'NEW', subStatus: null, label: 'New', order: 0 }], contentHash: 'a'.repeat(64) }, metadata);
  return { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', stream: 'srJob-acme:j1', revision: 0, position: 7, recordedAt: new Date(), ...event, ...overrides };
};
const { recordedAt: _unused, ...candidateV1 } = recorded({
  stream: 'srCandidate-acme:c1',
  type: 'CandidateObserved',
  data: { candidateId: 'c1', firstName: 'A', lastName: 'B', email: null, phone: null, updatedOn: '2026-01-01T00:00:00Z', contentHash: 'b'.repeat(64) },
  metadata: { ...metadata, schemaVersion: 1 },
});

/** The replay's fast path must judge every event as the relay's `typedEventMessageSchema` does. */
describe('eventMessageOf, the replay\'s validation', () => {
  it.each([
    ['a valid event', recorded()],
    ['an older version, upcast', { ...candidateV1, recordedAt: new Date() }],
    ['an id that is not a UUID', recorded({ id: 'not-a-uuid' })],
    ['an unknown type', recorded({ type: 'JobDeleted' })],
    ['data failing its schema', recorded({ data: { jobId: '' } })],
    ['a newer schema version', recorded({ metadata: { ...metadata, schemaVersion: 2 } })],
    ['metadata without a tenant', recorded({ metadata: { ...metadata, tenantId: undefined, schemaVersion: 1 } })],
    ['unknown data fields (stripped)', recorded({ data: { ...(recorded().data as object), extra: 1 } })],
  ])('agrees with typedEventMessageSchema on %s', (_name, event) => {
    const { recordedAt: _at, ...message } = event;
    const expected = typedEventMessageSchema.safeParse(message);
    expect(eventMessageOf(event)).toEqual(expected.success ? expected.data : undefined);
  });
});
