import { isRetryable } from '@srw/errors';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { parseEventMessage } from '@srw/runtime';
import { feedConsumedSamples, inOwnStreams } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { createInviteDispatcher } from './invite-dispatcher';

/**
 * Contract safety: every recorded sample of `invite.events.v1` goes through the real decoder and
 * invite-dispatcher's real consumer. Each sample is first appended to its stream (a consumer reads
 * the stream the message came from), so `InviteRequested` is folded and acted on: with no candidate
 * observed, it ends in the retryable `candidate_missing` failure; no Willo call is made. A change to
 * an event that breaks this consumer (a decode error, a non-retryable failure) fails here.
 */
describe('invite-dispatcher reads every published event version of its topic', () => {
  it('decodes and handles each recorded sample', async () => {
    const eventStore = await SqliteEventStore.open();
    const willoCalls: unknown[] = [];
    try {
      const { consumers } = createInviteDispatcher(
        {
          eventStore,
          contacts: { contactOf: async () => undefined },
          willoFor: () => ({ inviteOnce: async (request) => void willoCalls.push(request) as never }),
        },
        { now: () => Date.parse('2026-11-16T10:00:00Z') },
      );
      const { consumed, samples, outcomes } = await feedConsumedSamples(inOwnStreams(eventStore, consumers), parseEventMessage);
      expect(consumed).toEqual(['invite']);
      expect(outcomes).toHaveLength(samples.length);
      const failures = outcomes.filter((outcome) => outcome.error);
      expect(failures.filter((outcome) => !isRetryable(outcome.error)).map(({ sample, error }) => `${sample}: ${String(error)}`)).toEqual([]);
      for (const { sample } of failures) expect(['invite/InviteRequested.v1.json', 'invite/InviteRetryRequested.v1.json']).toContain(sample);
      expect(String(failures.find((outcome) => outcome.sample === 'invite/InviteRequested.v1.json')?.error)).toMatch(/candidate cand-77120-\w+ is not observed/);
      expect(willoCalls).toEqual([]);
    } finally {
      await eventStore.close();
    }
  });
});
