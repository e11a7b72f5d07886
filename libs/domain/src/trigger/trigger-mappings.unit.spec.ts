import { createEvent, type InterviewMappingEvent } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { evolveTriggerMappings, grantStateOf, initialTriggerMappings, srApplicationIsWithdrawn, srJobIsOpen, triggerMappingsOf } from './trigger-mappings';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
const meta = (minute: number, tenantId = 'acme') => ({ tenantId, correlationId: 'c', causationId: `m${minute}`, observedAt: at(minute) });
const interview = { status: 'INTERVIEW', subStatus: null };
const offer = { status: 'OFFER', subStatus: null };
const connected = (minute: number, jobs: { jobId: string; stages?: (typeof interview)[]; backfill?: boolean }[], tenantId = 'acme', interviewId = 'iv1') =>
  createEvent(
    'InterviewJobsConnected',
    { interviewId, jobs: jobs.map((j) => ({ jobId: j.jobId, triggerStages: j.stages ?? [interview], backfill: j.backfill ?? false })), appliedBy: 'admin' },
    meta(minute, tenantId),
  ) as InterviewMappingEvent;
const disconnected = (minute: number, jobId: string) =>
  createEvent('InterviewJobDisconnected', { interviewId: 'iv1', jobId, disconnectedBy: 'admin' }, meta(minute)) as InterviewMappingEvent;
const fold = (events: InterviewMappingEvent[]) => events.reduce(evolveTriggerMappings, initialTriggerMappings());

describe('trigger mappings folded from interviewMapping events', () => {
  it('gives each connected job its stages, flag and the time it was applied, per tenant', () => {
    const state = fold([connected(1, [{ jobId: 'job1', backfill: true }, { jobId: 'job2' }]), connected(2, [{ jobId: 'job1' }], 'globex')]);
    expect(triggerMappingsOf(state, 'acme', 'job1')).toEqual([{ interviewId: 'iv1', jobId: 'job1', triggerStages: [interview], backfill: true, appliedAt: at(1) }]);
    expect(triggerMappingsOf(state, 'globex', 'job1')).toEqual([{ interviewId: 'iv1', jobId: 'job1', triggerStages: [interview], backfill: false, appliedAt: at(2) }]);
    expect(triggerMappingsOf(state, 'acme', 'job3')).toEqual([]);
  });

  it('keeps appliedAt when the same connection comes again (a redelivery, a re-save), moves it when the stages change', () => {
    const again = fold([connected(1, [{ jobId: 'job1' }]), connected(5, [{ jobId: 'job1' }])]);
    expect(triggerMappingsOf(again, 'acme', 'job1')[0]?.appliedAt).toBe(at(1));
    const changed = fold([connected(1, [{ jobId: 'job1' }]), connected(5, [{ jobId: 'job1', stages: [interview, offer] }])]);
    expect(triggerMappingsOf(changed, 'acme', 'job1')[0]).toMatchObject({ appliedAt: at(5), triggerStages: [interview, offer] });
  });

  it('marks a disconnected job removed, once, and connects it afresh after', () => {
    const removed = fold([connected(1, [{ jobId: 'job1' }]), disconnected(3, 'job1'), disconnected(4, 'job1')]);
    expect(triggerMappingsOf(removed, 'acme', 'job1')[0]).toMatchObject({ appliedAt: at(1), removedAt: at(3) });
    const back = fold([connected(1, [{ jobId: 'job1' }]), disconnected(3, 'job1'), connected(6, [{ jobId: 'job1' }])]);
    expect(triggerMappingsOf(back, 'acme', 'job1')).toEqual([{ interviewId: 'iv1', jobId: 'job1', triggerStages: [interview], backfill: false, appliedAt: at(6) }]);
    expect(fold([disconnected(3, 'job1')])).toEqual({});
  });

  it('reads SR statuses and the grant as the policy needs them', () => {
    expect([srJobIsOpen('SOURCING'), srJobIsOpen('ON_HOLD'), srJobIsOpen('FILLED'), srJobIsOpen('CANCELLED')]).toEqual([true, true, false, false]);
    expect([srApplicationIsWithdrawn('WITHDRAWN'), srApplicationIsWithdrawn('INTERVIEW')]).toEqual([true, false]);
    expect([grantStateOf('connected'), grantStateOf('reauthorise'), grantStateOf('disabled'), grantStateOf(undefined)]).toEqual(['connected', 'lost', 'lost', 'unknown']);
  });
});
