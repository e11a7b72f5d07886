import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type { CheckpointStore, RecordedEvent } from '../event-store.port';
import { newEventId } from '../event-id';
import { translateEsdbError } from './esdb-errors';
import { checkpointCategory } from './esdb-scan';

/** Only the newest checkpoint matters: the server may scavenge all but this many. */
export const keptCheckpoints = 10;

/**
 * Checkpoints as events in a stream per subscription. The stream's `$maxCount` is set before the
 * first write of each store instance, and again until it succeeds: set after the first write
 * only, a failure (or a crash) there left the stream growing by one event per checkpoint forever.
 */
export function esdbCheckpointStore(
  client: Pick<EventStoreDBClient, 'appendToStream' | 'setStreamMetadata'>,
  readLast: (stream: string) => Promise<RecordedEvent | undefined>,
): CheckpointStore {
  const capped = new Set<string>();
  return {
    load: async (id) => {
      const last = await readLast(checkpointCategory + id);
      return last ? (last.data as { position: number }).position : undefined;
    },
    store: async (id, position) => {
      const stream = checkpointCategory + id;
      try {
        if (!capped.has(stream)) {
          await client.setStreamMetadata(stream, { maxCount: keptCheckpoints });
          capped.add(stream);
        }
        await client.appendToStream(stream, jsonEvent({ id: newEventId(), type: 'CheckpointStored', data: { position } }));
      } catch (error) {
        throw translateEsdbError(error, stream);
      }
    },
  };
}
