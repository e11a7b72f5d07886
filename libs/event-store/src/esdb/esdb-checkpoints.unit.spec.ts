import type { EventStoreDBClient } from '@eventstore/db-client';
import { TransientError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { esdbCheckpointStore, keptCheckpoints } from './esdb-checkpoints';
import { checkpointCategory } from './esdb-scan';

type Client = Pick<EventStoreDBClient, 'appendToStream' | 'setStreamMetadata'>;

/** Records the calls the checkpoint store makes; the first metadata write fails as a server restart would. */
function recordingClient() {
  const calls: string[] = [];
  let metadataFailures = 1;
  const client = {
    setStreamMetadata: async (stream: string, metadata: { maxCount?: number }) => {
      if (metadataFailures-- > 0) throw new TransientError('server restarting');
      calls.push(`metadata ${stream} maxCount=${metadata.maxCount}`);
      return {} as never;
    },
    appendToStream: async (stream: string) => {
      calls.push(`append ${stream}`);
      return {} as never;
    },
  } as unknown as Client;
  return { client, calls };
}

describe('esdbCheckpointStore', () => {
  it('caps the checkpoint stream before its first write, and keeps trying until the cap is set', async () => {
    const { client, calls } = recordingClient();
    const store = esdbCheckpointStore(client, async () => undefined);
    const stream = `${checkpointCategory}relay`;
    await expect(store.store('relay', 10)).rejects.toBeInstanceOf(TransientError);
    expect(calls).toEqual([]);
    await store.store('relay', 10);
    await store.store('relay', 20);
    expect(calls).toEqual([`metadata ${stream} maxCount=${keptCheckpoints}`, `append ${stream}`, `append ${stream}`]);
  });
});
