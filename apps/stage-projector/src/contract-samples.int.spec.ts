import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { parseEventMessage } from '@srw/runtime';
import { feedConsumedSamples } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { createStageProjector } from './stage-projector';

/**
 * Contract safety: every recorded sample of the categories stage-projector consumes (every topic it
 * subscribes to) goes through the real decoder and the real consumers, read models and trigger
 * detection included, on embedded stores. A change to an event that breaks this consumer fails here.
 */
describe('stage-projector reads every published event version', () => {
  it('decodes and handles each recorded sample of the topics it consumes', async () => {
    const readStore = await SqliteReadStore.open();
    const eventStore = await SqliteEventStore.open();
    try {
      const { consumers } = createStageProjector({ readStore, eventStore }, { clock: { now: () => Date.parse('2026-11-16T10:00:00Z') } });
      const { consumed, samples, outcomes } = await feedConsumedSamples(consumers, parseEventMessage);
      expect(consumed).toEqual(['integration', 'syncRun', 'srJob', 'srApplication', 'srCandidate', 'interviewMapping', 'invite']);
      expect(outcomes.filter((outcome) => outcome.error).map(({ sample, error }) => `${sample}: ${String(error)}`)).toEqual([]);
      expect(new Set(outcomes.map((outcome) => outcome.sample))).toEqual(new Set(samples.map((sample) => sample.name)));
      // Not vacuous: the samples reached the read models.
      const jobs = await readStore.collection<{ title: string }>({ name: 'jobs', indexes: [{ fields: ['updatedOn'] }, { fields: ['status', 'updatedOn'] }, { fields: ['titlePrefix', 'updatedOn'] }] });
      expect((await jobs.get('acme-recruiting', '3fa85f64-job-1021'))?.data.title).toBe('Senior Backend Engineer (Node.js)');
    } finally {
      await eventStore.close();
      await readStore.close();
    }
  });
});
