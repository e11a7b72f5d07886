import { describe, expect, it } from 'vitest';
import { orderedTriggers } from './candidates-sync';
import { canonicalJson, contentHash } from './content-hash';
import { jobSnapshot, stageFromAudit, stagesOf } from './sr-mapping';

describe('sr-sync mapping', () => {
  it('hashes content whatever the key order, and tells different content apart', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
  });

  it('offers every status, with the steps of all active hiring processes once each, in order', () => {
    const stages = stagesOf([
      { id: 'a', active: true, subStatuses: { IN_REVIEW: ['Screening'], INTERVIEW: ['Video interview', 'Onsite'] } },
      { id: 'b', active: true, subStatuses: { INTERVIEW: ['Onsite', 'Panel'], OFFERED: ['Offer sent'] } },
      { id: 'old', active: false, subStatuses: { INTERVIEW: ['Retired step'] } },
    ]);
    expect(stages.map((s) => `${s.status}${s.subStatus ? `/${s.subStatus}` : ''}`)).toEqual([
      'LEAD',
      'NEW',
      'IN_REVIEW/Screening',
      'INTERVIEW/Video interview',
      'INTERVIEW/Onsite',
      'INTERVIEW/Panel',
      'OFFERED/Offer sent',
      'HIRED',
      'REJECTED',
      'WITHDRAWN',
      'TRANSFERRED',
    ]);
    expect(stages.map((s) => s.order)).toEqual(stages.map((_, index) => index));
    // Each step names the active processes that have it, so a job's list can be narrowed to its own process.
    const processesOf = (subStatus: string) => stages.find((s) => s.subStatus === subStatus)?.processIds;
    expect([processesOf('Video interview'), processesOf('Onsite'), processesOf('Panel')]).toEqual([['a'], ['a', 'b'], ['b']]);
    expect(stages.find((s) => s.status === 'NEW')).not.toHaveProperty('processIds');
  });

  it('reads a job with only its id as a snapshot with nulls, and SR dates in one ISO form', () => {
    expect(jobSnapshot({ id: 'j1' }, '2026-01-01T00:00:00.000Z')).toEqual({
      title: '',
      refNumber: null,
      status: 'OTHER',
      postingStatus: null,
      department: null,
      location: null,
      createdOn: null,
      updatedOn: '2026-01-01T00:00:00.000Z',
    });
    expect(jobSnapshot({ id: 'j1', updatedOn: '2023-01-21T12:50:02.594+0000', location: { city: 'Berlin', country: 'Germany' } }, 'x')).toMatchObject({
      updatedOn: '2023-01-21T12:50:02.594Z',
      location: 'Berlin, Germany',
    });
  });

  it('reads both ends of an audit move, steps optional', () => {
    const context = { currentStatus: 'INTERVIEW', currentStep: 'Video interview', previousStatus: 'NEW' };
    expect(stageFromAudit(context, 'current')).toEqual({ status: 'INTERVIEW', subStatus: 'Video interview' });
    expect(stageFromAudit(context, 'previous')).toEqual({ status: 'NEW', subStatus: null });
    expect(stageFromAudit({}, 'current')).toBeNull();
  });

  it('orders trigger stages stably and drops repeats, so a resumed run names the same trigger by index', () => {
    const a = { jobId: 'j2', status: 'NEW', subStatus: null } as const;
    const b = { jobId: 'j1', status: 'INTERVIEW', subStatus: 'Video interview' } as const;
    expect(orderedTriggers([a, b, a])).toEqual([b, a]);
    expect(orderedTriggers([b, a])).toEqual(orderedTriggers([a, b]));
  });
});
