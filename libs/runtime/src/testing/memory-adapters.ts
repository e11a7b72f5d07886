import { SqliteBus } from '@srw/bus/embedded';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import type { Adapters } from '../adapters';

/** The embedded adapters on throwaway in-memory databases, each replaceable (e.g. by one pointed at a dead server). */
export async function memoryAdapters(replace: Partial<Pick<Adapters, 'eventStore' | 'bus' | 'readStore' | 'kinds'>> = {}): Promise<Adapters> {
  const eventStore = replace.eventStore ?? (await SqliteEventStore.open({ pollIntervalMs: 20 }));
  const bus = replace.bus ?? (await SqliteBus.open({ pollIntervalMs: 20 }));
  const readStore = replace.readStore ?? (await SqliteReadStore.open());
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
