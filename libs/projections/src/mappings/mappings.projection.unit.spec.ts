import { streams } from '@srw/contracts';
import { describe, it } from 'vitest';
import { createEventHistory, projectionSpec } from '../testing';
import { mappingsProjection } from './mappings.projection';

const spec = projectionSpec(mappingsProjection);
const stream = streams.interviewMapping('t1', 'iv1');
const screen = { jobId: 'j1', triggerStages: [{ status: 'IN_REVIEW', subStatus: 'Screen' }], backfill: false };
const offer = { jobId: 'j2', triggerStages: [{ status: 'OFFERED', subStatus: null }], backfill: true };

describe('mappings read model', () => {
  it('holds the connected jobs and the stream revision an If-Match must name', async () => {
    const h = createEventHistory();
    const connected = h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen, offer], appliedBy: 'a1' }, '2026-03-01T10:00:00.000Z');
    await spec.given([]).when(connected).then({ interviewId: 'iv1', revision: 0, jobs: [screen, offer], appliedBy: 'a1', appliedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('replaces a changed job in place and drops a disconnected one', async () => {
    const h = createEventHistory();
    h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen, offer], appliedBy: 'a1' }, '2026-03-01T10:00:00.000Z');
    const moved = { ...screen, triggerStages: [{ status: 'INTERVIEW', subStatus: null }] };
    h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [moved], appliedBy: 'a2' }, '2026-03-01T11:00:00.000Z');
    const dropped = h.append(stream, 'InterviewJobDisconnected', { interviewId: 'iv1', jobId: 'j2', disconnectedBy: 'a2' }, '2026-03-01T11:00:00.000Z');
    await spec.given(h.events.slice(0, 2)).when(dropped).then({ interviewId: 'iv1', revision: 2, jobs: [moved], appliedBy: 'a2', appliedAt: '2026-03-01T11:00:00.000Z' });
  });

  it('a mapping left without jobs is gone, and a redelivered older event cannot bring it back', async () => {
    const h = createEventHistory();
    const connected = h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen], appliedBy: 'a1' }, '2026-03-01T10:00:00.000Z');
    h.append(stream, 'InterviewJobDisconnected', { interviewId: 'iv1', jobId: 'j1', disconnectedBy: 'a1' }, '2026-03-01T10:05:00.000Z');
    await spec.given(h.events).thenDocument('iv1', undefined);
    await spec.given([...h.events, connected]).thenDocument('iv1', undefined);
  });

  it('a redelivered event changes nothing', async () => {
    const h = createEventHistory();
    const connected = h.append(stream, 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [screen], appliedBy: 'a1' }, '2026-03-01T10:00:00.000Z');
    await spec.given([connected]).whenRedelivered(connected).thenNothingChanges();
  });
});
