import { SqliteBus } from '@srw/bus';
import { SqliteEventStore } from '@srw/event-store';
import { SqliteReadStore } from '@srw/read-store';
import type { Adapters } from '../adapters';

/** The embedded adapters on throwaway in-memory databases, each replaceable (e.g. by one pointed at a dead server). */
export function memoryAdapters(replace: Partial<Pick<Adapters, 'eventStore' | 'bus' | 'readStore' | 'kinds'>> = {}): Adapters {
  const eventStore = replace.eventStore ?? new SqliteEventStore(':memory:', 20);
  const bus = replace.bus ?? new SqliteBus(':memory:', { pollIntervalMs: 20 });
  const readStore = replace.readStore ?? new SqliteReadStore(':memory:');
  return {
    eventStore,
    bus,
    readStore,
    kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded', ...replace.kinds },
    async close() {
      await bus.close();
      await eventStore.close();
      await readStore.close();
    },
  };
}
