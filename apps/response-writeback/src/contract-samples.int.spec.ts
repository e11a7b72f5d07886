import { isRetryable, TransientError } from '@srw/errors';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { parseEventMessage } from '@srw/runtime';
import { feedConsumedSamples, inOwnStreams } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { createResponseWriteback } from './response-writeback';

const unreachable = (what: string) => async () => {
  throw new TransientError(`${what} is not reachable in the contract spec`);
};

/**
 * Contract safety: every recorded sample of `invite.events.v1` goes through the real decoder and
 * both of response-writeback's real consumers (the note writer, the pending-responses read model),
 * each sample first appended to a stream of its own. SR and Willo answer nothing here, so a consumer
 * that would call them fails retryably; a decode error or a non-retryable failure is a broken contract.
 */
describe('response-writeback reads every published event version of its topic', () => {
  it('decodes and handles each recorded sample', async () => {
    const eventStore = await SqliteEventStore.open();
    const readStore = await SqliteReadStore.open();
    try {
      const { consumers } = createResponseWriteback(
        {
          eventStore,
          readStore,
          willoFor: () => ({ participants: { get: unreachable('Willo') }, interviews: { get: unreachable('Willo') } }),
          webhookSecretFor: () => undefined,
          srNotesFor: () => ({ postNote: unreachable('SR'), findNote: unreachable('SR') }),
          noteTemplateFor: () => undefined,
        },
        { now: () => Date.parse('2026-11-16T10:00:00Z') },
      );
      const { consumed, samples, outcomes } = await feedConsumedSamples(inOwnStreams(eventStore, consumers), parseEventMessage);
      expect(consumed).toEqual(['invite']);
      expect(outcomes).toHaveLength(samples.length * consumers.length);
      expect(outcomes.filter((outcome) => outcome.error && !isRetryable(outcome.error)).map(({ sample, groupId, error }) => `${sample} in ${groupId}: ${String(error)}`)).toEqual([]);
    } finally {
      await eventStore.close();
      await readStore.close();
    }
  });
});
