import { streams } from '@srw/contracts';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../projection';
import { contentHashOf, createEventHistory, projectionSpec } from '../testing';
import { jobsProjection, normaliseTitle, titleSearchKey, type JobView } from './jobs.projection';

const spec = projectionSpec(jobsProjection);

function snapshot(title: string, updatedOn: string) {
  return {
    title,
    refNumber: 'REF-1',
    status: 'SOURCING',
    postingStatus: 'PUBLIC',
    department: 'Engineering',
    location: 'London, GB',
    createdOn: '2025-12-01T09:00:00.000Z',
    updatedOn,
  };
}

function history() {
  const h = createEventHistory();
  const observe = (jobId: string, title: string, updatedOn: string, tenant = 't1') =>
    h.append(streams.srJob(tenant, jobId), 'JobObserved', { jobId, snapshot: snapshot(title, updatedOn), contentHash: contentHashOf(title + updatedOn) }, updatedOn);
  return { h, observe };
}

const view = (title: string, updatedOn: string): JobView => ({
  jobId: 'j1',
  title,
  titleNormalised: normaliseTitle(title),
  titlePrefix: normaliseTitle(title).slice(0, 3),
  refNumber: 'REF-1',
  status: 'SOURCING',
  postingStatus: 'PUBLIC',
  department: 'Engineering',
  location: 'London, GB',
  createdOn: '2025-12-01T09:00:00.000Z',
  updatedOn,
});

describe('jobs read model', () => {
  it('an observed job becomes a document with its normalised title and search prefix', async () => {
    const { observe } = history();
    await spec.given([]).when(observe('j1', '  Énergie   Engineer ', '2026-01-01T10:00:00.000Z')).then({
      ...view('  Énergie   Engineer ', '2026-01-01T10:00:00.000Z'),
      titleNormalised: 'energie engineer',
      titlePrefix: 'ene',
    });
  });

  it('a newer snapshot replaces it', async () => {
    const { observe } = history();
    const first = observe('j1', 'Engineer', '2026-01-01T10:00:00.000Z');
    await spec.given([first]).when(observe('j1', 'Senior Engineer', '2026-01-02T10:00:00.000Z')).then(view('Senior Engineer', '2026-01-02T10:00:00.000Z'));
  });

  it('a snapshot older than the one held (a late webhook after a poll) changes nothing', async () => {
    const { observe } = history();
    const newer = observe('j1', 'Senior Engineer', '2026-01-02T10:00:00.000Z');
    await spec.given([newer]).when(observe('j1', 'Engineer', '2026-01-01T10:00:00.000Z')).thenUnchanged();
  });

  it('stages of a job do not touch the job document', async () => {
    const { h, observe } = history();
    const observed = observe('j1', 'Engineer', '2026-01-01T10:00:00.000Z');
    const stages = h.append(streams.srJob('t1', 'j1'), 'JobStagesObserved', { jobId: 'j1', stages: [], contentHash: contentHashOf('s') }, '2026-01-01T10:00:00.000Z');
    await spec.given([observed]).when(stages).thenUnchanged();
  });

  it('a redelivered event changes nothing, and neither does an older one delivered late', async () => {
    const { h, observe } = history();
    const first = observe('j1', 'Engineer', '2026-01-01T10:00:00.000Z');
    observe('j1', 'Senior Engineer', '2026-01-02T10:00:00.000Z');
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
    await spec.given(h.events.slice(1)).when(first).thenUnchanged();
  });

  it('lists a tenant\'s jobs most recent first and finds them by title through the indexed prefix', async () => {
    const { h, observe } = history();
    observe('j1', 'Backend Engineer', '2026-01-01T10:00:00.000Z');
    observe('j2', 'Designer', '2026-01-03T10:00:00.000Z');
    observe('j3', 'backend lead', '2026-01-02T10:00:00.000Z');
    observe('j4', 'Backend Engineer', '2026-01-04T10:00:00.000Z', 't2');
    const store = await SqliteReadStore.open();
    try {
      const jobs = await store.collection<JobView>(jobsProjection.collection);
      for (const event of h.events) await applyEvent(jobs, jobsProjection, event);

      const recent = await jobs.find('t1', { sort: { field: 'updatedOn', direction: 'desc' } });
      expect(recent.items.map((d) => d.id)).toEqual(['j2', 'j3', 'j1']);

      const search = 'BACKend e';
      const found = await jobs.find('t1', { where: titleSearchKey(search), sort: { field: 'updatedOn', direction: 'desc' } });
      expect(found.items.map((d) => d.id)).toEqual(['j3', 'j1']);
      expect(found.items.filter((d) => d.data.titleNormalised.startsWith(normaliseTitle(search))).map((d) => d.id)).toEqual(['j1']);
      expect(titleSearchKey('ba')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
