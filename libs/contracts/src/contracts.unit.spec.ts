import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createEvent,
  defineEvent,
  upcast,
  dlqTopic,
  eventRegistry,
  eventsByCategory,
  isEncryptedPii,
  messageKeyFor,
  parseDomainEvent,
  parseStreamName,
  safeParseDomainEvent,
  streams,
  topicForCategory,
  topics,
  typedEventMessageSchema,
} from './index';

const metadata = {
  tenantId: 't1',
  correlationId: 'c1',
  causationId: 'c1',
  observedAt: '2026-11-27T10:00:00.000Z',
};

describe('stream names', () => {
  it('builds <category>-<id parts joined by :>', () => {
    expect(streams.invite('t1', 'iv9', 'cand3')).toBe('invite-t1:iv9:cand3');
    expect(streams.srApplication('t1', 'cand3', 'job7')).toBe('srApplication-t1:cand3:job7');
  });

  it('keeps UUIDs with dashes intact when parsing', () => {
    const stream = streams.srJob('t1', '3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(parseStreamName(stream)).toEqual({ category: 'srJob', parts: ['t1', '3fa85f64-5717-4562-b3fc-2c963f66afa6'] });
  });

  it('rejects id parts that would make the name ambiguous', () => {
    expect(() => streams.srJob('t1', 'a:b')).toThrow(/without ':'/);
    expect(() => streams.integration('')).toThrow(/non-empty/);
    expect(() => parseStreamName('nope-1')).toThrow(/unknown stream category/);
  });
});

describe('events', () => {
  it('stamps the schema version of the type', () => {
    const event = createEvent('AccessTokenRefreshed', { expiresAt: '2026-11-27T10:30:00.000Z' }, metadata);
    expect(event.metadata.schemaVersion).toBe(eventRegistry.get('AccessTokenRefreshed')!.version);
    expect(parseDomainEvent(event)).toEqual(event);
  });

  it('names the offending field of malformed data', () => {
    const result = safeParseDomainEvent({
      type: 'ApplicationStageObserved',
      data: { candidateId: 'c', jobId: 'j', from: null, to: { status: 'INTERVIEW' }, changedOn: 'yesterday', source: 'poll' },
      metadata: { ...metadata, schemaVersion: 1 },
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['data.to.subStatus', 'data.changedOn']));
  });

  it('rejects an unknown event type, naming the type field', () => {
    expect(() => parseDomainEvent({ type: 'JobDeleted', data: {}, metadata: { ...metadata, schemaVersion: 1 } })).toThrow(
      /type/,
    );
  });

  it('rejects metadata without a tenant', () => {
    const { tenantId: _omitted, ...noTenant } = metadata;
    expect(() =>
      parseDomainEvent({ type: 'SyncRequested', data: { kind: 'full', requestedBy: 'u' }, metadata: { ...noTenant, schemaVersion: 1 } }),
    ).toThrow(/metadata\.tenantId/);
  });

  it('gives every event type a positive schema version and a unique name', () => {
    expect(eventRegistry.size).toBe(Object.values(eventsByCategory).flat().length);
    for (const definition of eventRegistry.values()) expect(definition.version).toBeGreaterThan(0);
  });
});

describe('topics and keys', () => {
  it('routes categories to their topics', () => {
    expect(topicForCategory('syncRun')).toBe(topics.integration);
    expect(topicForCategory('srCandidate')).toBe(topics.observations);
    expect(dlqTopic(topics.invite)).toBe('invite.events.v1.dlq');
  });

  it('keys by tenant, by tenant:candidate, or by tenant:job', () => {
    expect(messageKeyFor(streams.integration('t1'))).toBe('t1');
    expect(messageKeyFor(streams.srApplication('t1', 'cand3', 'job7'))).toBe('t1:cand3');
    expect(messageKeyFor(streams.invite('t1', 'iv9', 'cand3'))).toBe('t1:cand3');
    expect(messageKeyFor(streams.srJob('t1', 'job7'))).toBe('t1:job7');
  });

  it('validates a message envelope and the event inside it', () => {
    const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata);
    const message = {
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      stream: streams.integration('t1'),
      revision: 0,
      position: 12,
      ...event,
    };
    expect(typedEventMessageSchema.parse(message)).toEqual(message);
    const bad = typedEventMessageSchema.safeParse({ ...message, data: { kind: 'sometimes', requestedBy: 'admin' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['data', 'kind']);
  });
});

describe('schema versions', () => {
  const metadataAt = (schemaVersion: number) => ({ ...metadata, schemaVersion });

  it('rejects an event written under a version this reader does not know, naming the field', () => {
    const result = safeParseDomainEvent({ type: 'SyncRequested', data: { kind: 'full', requestedBy: 'u' }, metadata: metadataAt(2) });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toContain('metadata.schemaVersion');
  });

  it('upcasts older data through each step to the current version', () => {
    // A version 3 event whose field was `who` in version 1 and `by` in version 2.
    const definition = defineEvent('ThingRenamed', 3, z.object({ renamedBy: z.string() }), {
      1: (data) => ({ by: (data as { who: string }).who }),
      2: (data) => ({ renamedBy: (data as { by: string }).by }),
    });
    const old = { type: 'ThingRenamed', data: { who: 'ann' }, metadata: metadataAt(1) };
    expect(definition.schema.parse(upcast(definition, old))).toEqual({ type: 'ThingRenamed', data: { renamedBy: 'ann' }, metadata: metadataAt(3) });
    const unknownStep = defineEvent('ThingMoved', 2, z.object({ to: z.string() }));
    expect(unknownStep.schema.safeParse(upcast(unknownStep, { type: 'ThingMoved', data: { to: 'x' }, metadata: metadataAt(1) })).success).toBe(false);
  });
});

describe('CandidateObserved version 2 (PII encrypted per candidate)', () => {
  const hash = 'a'.repeat(64);
  const v2 = (pii: unknown) => ({
    type: 'CandidateObserved',
    data: { candidateId: 'c1', pii, updatedOn: '2026-01-01T00:00:00.000Z', contentHash: hash },
    metadata: { ...metadata, schemaVersion: 2 },
  });

  it('carries PII only as a ciphertext with its key id, and refuses plaintext fields beside it', () => {
    expect(parseDomainEvent(v2({ keyId: 'k', ciphertext: 'p1.x.y.z' })).data).toEqual(v2({ keyId: 'k', ciphertext: 'p1.x.y.z' }).data);
    expect(safeParseDomainEvent(v2({ keyId: 'k', ciphertext: 'p1.x.y.z', email: 'ada@example.com' })).ok).toBe(false);
    expect(safeParseDomainEvent(v2({ firstName: 'Ada' })).ok).toBe(false);
  });

  it('upcasts a version 1 event (plaintext) to legacy plaintext PII, which is flagged as not encrypted', () => {
    const v1 = {
      type: 'CandidateObserved',
      data: { candidateId: 'c1', firstName: 'Ada', lastName: 'L', email: 'ada@example.com', phone: null, updatedOn: '2026-01-01T00:00:00.000Z', contentHash: hash },
      metadata: { ...metadata, schemaVersion: 1 },
    };
    const event = parseDomainEvent(v1);
    expect(event).toEqual(v2({ legacyPlaintext: { firstName: 'Ada', lastName: 'L', email: 'ada@example.com', phone: null } }));
    if (event.type !== 'CandidateObserved') throw new Error('wrong type');
    expect(isEncryptedPii(event.data.pii)).toBe(false);
    expect(isEncryptedPii({ keyId: 'k', ciphertext: 'c' })).toBe(true);
  });
});
