import { streams } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { createEventHistory, projectionSpec } from '../testing';
import { triggerIdOf, triggersOn, triggersProjection } from './triggers.projection';

const spec = projectionSpec(triggersProjection);
const stream = streams.interviewMapping('t1', 'iv1');
const screen = { jobId: 'j1', triggerStages: [{ status: 'IN_REVIEW', subStatus: 'Screen' }], backfill: false };
const offer = { jobId: 'j2', triggerStages: [{ status: 'OFFERED', subStatus: null }], backfill: true };
const at = '2026-03-01T10:00:00.000Z';

describe('triggers read model', () => {
  it('one event connecting two jobs writes a trigger for each job', async () => {
    const h = createEventHistory();
    h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen, offer], appliedBy: 'a1' }, at);
    await spec.given(h.events).thenDocument(triggerIdOf('j1', 'iv1'), { interviewId: 'iv1', ...screen, since: at });
    await spec.given(h.events).thenDocument(triggerIdOf('j2', 'iv1'), { interviewId: 'iv1', ...offer, since: at });
  });

  it('a disconnected job no longer triggers; the other job still does', async () => {
    const h = createEventHistory();
    h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen, offer], appliedBy: 'a1' }, at);
    h.append(stream, 'InterviewJobDisconnected', { interviewId: 'iv1', jobId: 'j1', disconnectedBy: 'a1' }, at);
    await spec.given(h.events).thenDocument(triggerIdOf('j1', 'iv1'), undefined);
    await spec.given(h.events).thenDocument(triggerIdOf('j2', 'iv1'), { interviewId: 'iv1', ...offer, since: at });
  });

  it('a redelivered connection changes nothing, and matches stages with or without a sub-status', async () => {
    const h = createEventHistory();
    const connected = h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen], appliedBy: 'a1' }, at);
    await spec.given([connected]).whenRedelivered(connected).thenNothingChanges();
    const trigger = { interviewId: 'iv1', ...screen, since: at };
    expect(triggersOn(trigger, { status: 'IN_REVIEW', subStatus: 'Screen' })).toBe(true);
    expect(triggersOn(trigger, { status: 'IN_REVIEW', subStatus: null })).toBe(false);
  });
});
