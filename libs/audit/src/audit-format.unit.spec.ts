import { createEvent, eventRegistry } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { sourceOf } from './event-source';
import { csvCell } from './export';
import { redactedPlaintextPii, sealedData } from './pii-seal';
import { createProgress, progressBar } from './progress';
import { differingFields, formatComparison } from './read-model-diff';
import { belongsToTenant, tenantStreamPrefixes } from './tenant-scope';

describe('tenant scope', () => {
  it('reads by prefixes that a longer tenant id also matches, so every event is checked to be the tenant\'s', () => {
    expect(tenantStreamPrefixes('acme', ['integration', 'invite'])).toEqual(['integration-acme', 'invite-acme:']);
    const metadata = { tenantId: 'acme' };
    expect(belongsToTenant({ stream: 'integration-acme', metadata }, 'acme')).toBe(true);
    expect(belongsToTenant({ stream: 'integration-acme2', metadata: { tenantId: 'acme2' } }, 'acme')).toBe(false);
    expect(belongsToTenant({ stream: 'srJob-acme:j1', metadata: { tenantId: 'other' } }, 'acme')).toBe(false);
    expect(belongsToTenant({ stream: '$checkpoint-x', metadata }, 'acme')).toBe(false);
  });
});

describe('where an event came from', () => {
  it('names the writer, the channel and the person', () => {
    expect(sourceOf('ApplicationStageObserved', { source: 'webhook' })).toBe('sr-poller via webhook');
    expect(sourceOf('InterviewJobsConnected', { appliedBy: 'admin' })).toBe('config-api by admin');
    expect(sourceOf('InviteSent', {})).toBe('invite-dispatcher');
    expect(sourceOf('SomethingNewer', null)).toBe('unknown writer');
  });
});

describe('PII in an export', () => {
  const metadata = { tenantId: 'acme', correlationId: 'c', causationId: 'c', observedAt: '2026-01-01T00:00:00Z' };
  it('leaves sealed PII sealed', () => {
    const event = createEvent('CandidateObserved', { candidateId: 'c1', pii: { keyId: 'k1', ciphertext: 'p1.abc' }, updatedOn: '2026-01-01T00:00:00Z', contentHash: 'h' }, metadata);
    expect(sealedData(event.type, event.data, event.metadata)).toEqual({ data: event.data, schemaVersion: 2 });
  });

  it('redacts PII that version 1 appended in clear, after upcasting it', () => {
    const v1 = { candidateId: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, updatedOn: '2026-01-01T00:00:00Z', contentHash: 'h' };
    const sealed = sealedData('CandidateObserved', v1, { ...metadata, schemaVersion: 1 });
    expect(sealed.schemaVersion).toBe(eventRegistry.get('CandidateObserved')!.version);
    expect(sealed.data).toEqual({ candidateId: 'c1', updatedOn: '2026-01-01T00:00:00Z', contentHash: 'h', pii: redactedPlaintextPii });
    expect(JSON.stringify(sealed)).not.toMatch(/Ada|Lovelace|ada@/);
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and writes objects as JSON', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvCell({ a: 'x,y' })).toBe('"{""a"":""x,y""}"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(3)).toBe('3');
  });
});

describe('read-model differences', () => {
  it('names every differing leaf by its path', () => {
    expect(differingFields({ position: 3, data: { a: 1, b: { c: [1] } } }, { position: 4, data: { a: 1, b: { c: [2], d: null } } })).toEqual([
      { path: 'data.b.c', live: [1], rebuilt: [2] },
      { path: 'data.b.d', live: undefined, rebuilt: null },
      { path: 'position', live: 3, rebuilt: 4 },
    ]);
    expect(differingFields({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });

  it('prints a summary per read model and at most a limit of differences', () => {
    const lines = formatComparison(
      [
        { model: 'jobs', live: 2, rebuilt: 1, differences: [{ kind: 'only-live', tenantId: 't', id: 'j1' }, { kind: 'differs', tenantId: 't', id: 'j2', fields: [{ path: 'data.title', live: 'A', rebuilt: 'B' }] }] },
        { model: 'integrations', live: 1, rebuilt: 1, differences: [] },
      ],
      1,
    );
    expect(lines).toEqual(['jobs: 2 documents live, 1 rebuilt, 2 differ', '  jobs t/j1: only in the live read model', '  … and 1 more differences in jobs', 'integrations: 1 documents live, 1 rebuilt, no differences']);
  });
});

describe('the progress bar', () => {
  it('fills with the fraction, clamped', () => {
    expect(progressBar(0.5, 10)).toBe('[#####-----]  50%');
    expect(progressBar(2, 4)).toBe('[####] 100%');
    expect(progressBar(Number.NaN, 4)).toBe('[----]   0%');
  });

  it('draws time covered over the time to cover, throttled, and ends its line', () => {
    let clock = 0;
    const written: string[] = [];
    const progress = createProgress({ label: 'replay', end: new Date(1_000), sink: { write: (text) => written.push(text) }, now: () => clock, intervalMs: 100 });
    progress.update(new Date(0), 10);
    clock = 50;
    progress.update(new Date(500), 20); // within the interval: not drawn
    clock = 1_000;
    progress.update(new Date(500), 30);
    progress.done();
    expect(written).toEqual([
      '\rreplay [------------------------]   0% 10 events, 10,000/s',
      '\rreplay [############------------]  50% 30 events, 30/s',
      '\rreplay [########################] 100% 30 events, 30/s',
      '\n',
    ]);
  });
});
