import { streams, type Stage } from '@srw/contracts';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../projection';
import { createEventHistory, projectionSpec } from '../testing';
import { applicationsProjection, type ApplicationView } from './applications.projection';

const spec = projectionSpec(applicationsProjection);
const screen: Stage = { status: 'IN_REVIEW', subStatus: 'Screen' };
const interview: Stage = { status: 'INTERVIEW', subStatus: null };

function history() {
  const h = createEventHistory();
  const moved = (candidateId: string, jobId: string, from: Stage | null, to: Stage, changedOn: string, source: 'webhook' | 'poll' = 'poll') =>
    h.append(streams.srApplication('t1', candidateId, jobId), 'ApplicationStageObserved', { candidateId, jobId, from, to, changedOn, source }, changedOn);
  return { h, moved };
}

describe('applications read model', () => {
  it('an observed stage becomes the candidate\'s current stage in the job', async () => {
    const { moved } = history();
    await spec.given([]).when(moved('c1', 'j1', null, screen, '2026-01-01T10:00:00.000Z')).then({
      candidateId: 'c1',
      jobId: 'j1',
      status: 'IN_REVIEW',
      subStatus: 'Screen',
      changedOn: '2026-01-01T10:00:00.000Z',
      source: 'poll',
    });
  });

  it('a later move replaces it', async () => {
    const { moved } = history();
    const first = moved('c1', 'j1', null, screen, '2026-01-01T10:00:00.000Z');
    await spec.given([first]).when(moved('c1', 'j1', screen, interview, '2026-01-02T10:00:00.000Z', 'webhook')).then({
      candidateId: 'c1',
      jobId: 'j1',
      status: 'INTERVIEW',
      subStatus: null,
      changedOn: '2026-01-02T10:00:00.000Z',
      source: 'webhook',
    });
  });

  it('a move SR made earlier, observed later (a poll after a webhook), changes nothing', async () => {
    const { moved } = history();
    const webhook = moved('c1', 'j1', screen, interview, '2026-01-02T10:00:00.000Z', 'webhook');
    await spec.given([webhook]).when(moved('c1', 'j1', null, screen, '2026-01-01T10:00:00.000Z')).thenUnchanged();
  });

  it('a redelivered event changes nothing, and neither does an older one delivered late', async () => {
    const { h, moved } = history();
    const first = moved('c1', 'j1', null, screen, '2026-01-01T10:00:00.000Z');
    moved('c1', 'j1', screen, interview, '2026-01-02T10:00:00.000Z');
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
    await spec.given(h.events.slice(1)).when(first).thenUnchanged();
  });

  it('finds who is at a stage of a job, and a candidate\'s applications, by index', async () => {
    const { h, moved } = history();
    moved('c1', 'j1', null, interview, '2026-01-01T10:00:00.000Z');
    moved('c2', 'j1', null, screen, '2026-01-01T10:00:00.000Z');
    moved('c3', 'j1', null, interview, '2026-01-01T10:00:00.000Z');
    moved('c1', 'j2', null, screen, '2026-01-01T10:00:00.000Z');
    const store = await SqliteReadStore.open();
    try {
      const applications = await store.collection<ApplicationView>(applicationsProjection.collection);
      for (const event of h.events) await applyEvent(applications, applicationsProjection, event);
      const atInterview = await applications.find('t1', { where: { jobId: 'j1', status: 'INTERVIEW', subStatus: null } });
      expect(atInterview.items.map((d) => d.data.candidateId)).toEqual(['c1', 'c3']);
      const ofC1 = await applications.find('t1', { where: { candidateId: 'c1' } });
      expect(ofC1.items.map((d) => d.data.jobId)).toEqual(['j1', 'j2']);
    } finally {
      await store.close();
    }
  });
});
