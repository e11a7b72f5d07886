import { streams } from '@srw/contracts';
import { describe, it } from 'vitest';
import { contentHashOf, createEventHistory, projectionSpec } from '../testing';
import { hiringStagesProjection } from './hiring-stages.projection';

const spec = projectionSpec(hiringStagesProjection);

function history() {
  const h = createEventHistory();
  const observe = (jobId: string, labels: string[], at: string) =>
    h.append(
      streams.srJob('t1', jobId),
      'JobStagesObserved',
      {
        jobId,
        // Listed out of order on purpose: the read model keeps the hiring process's order.
        stages: labels.map((label, order) => ({ status: 'IN_REVIEW', subStatus: label, label, order })).reverse(),
        contentHash: contentHashOf(labels.join()),
      },
      at,
    );
  return { h, observe };
}

describe('hiringStages read model', () => {
  it('observed stages become the job\'s stage list in hiring-process order', async () => {
    const { observe } = history();
    await spec.given([]).when(observe('j1', ['Screen', 'Interview'], '2026-01-01T10:00:00.000Z')).then({
      jobId: 'j1',
      stages: [
        { status: 'IN_REVIEW', subStatus: 'Screen', label: 'Screen', order: 0 },
        { status: 'IN_REVIEW', subStatus: 'Interview', label: 'Interview', order: 1 },
      ],
    });
  });

  it('a new observation replaces the list (a stage removed in SR disappears)', async () => {
    const { observe } = history();
    const first = observe('j1', ['Screen', 'Interview'], '2026-01-01T10:00:00.000Z');
    await spec.given([first]).when(observe('j1', ['Interview'], '2026-01-02T10:00:00.000Z')).then({
      jobId: 'j1',
      stages: [{ status: 'IN_REVIEW', subStatus: 'Interview', label: 'Interview', order: 0 }],
    });
  });

  it('a redelivered event changes nothing, and an older one delivered late does not bring old stages back', async () => {
    const { h, observe } = history();
    const first = observe('j1', ['Screen', 'Interview'], '2026-01-01T10:00:00.000Z');
    observe('j1', ['Interview'], '2026-01-02T10:00:00.000Z');
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
    await spec.given(h.events.slice(1)).when(first).thenUnchanged();
  });

  it('keeps each job apart', async () => {
    const { h, observe } = history();
    observe('j1', ['Screen'], '2026-01-01T10:00:00.000Z');
    observe('j2', ['Offer'], '2026-01-01T10:00:00.000Z');
    await spec.given(h.events).thenDocument('j1', { jobId: 'j1', stages: [{ status: 'IN_REVIEW', subStatus: 'Screen', label: 'Screen', order: 0 }] });
  });
});
