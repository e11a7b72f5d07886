import { join } from 'node:path';
import { z } from 'zod';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import type { Logger } from '@srw/observability';

/**
 * Which adapter each port gets: a real server where its URL is set, the embedded SQLite twin under
 * DATA_DIR otherwise. Parsed from the environment by each app's `main.ts`.
 */
export const adapterConfigSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  /** `power-loss` fsyncs every commit of the embedded stores; `process` survives process crashes only. */
  EMBEDDED_DURABILITY: z.enum(['process', 'power-loss']).default('power-loss'),
  ESDB_URL: z.string().regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//, 'must be an esdb:// connection string').optional(),
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1))
    .optional(),
  MONGODB_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL').optional(),
  MONGODB_DATABASE: z.string().min(1).default('sr_willo'),
});
export type AdapterConfig = z.infer<typeof adapterConfigSchema>;

export interface Adapters {
  eventStore: EventStore;
  bus: Bus;
  readStore: ReadStore;
  /** Which adapter each port got, for start-up logs and health. */
  kinds: { eventStore: 'eventstoredb' | 'embedded'; bus: 'kafka' | 'embedded'; readStore: 'mongodb' | 'embedded' };
  close(): Promise<void>;
}

export async function openAdapters(config: AdapterConfig, clientId: string, logger: Logger): Promise<Adapters> {
  const durability = config.EMBEDDED_DURABILITY;
  // The real adapters load on demand: an embedded run never loads a server's client library.
  const eventStore = config.ESDB_URL
    ? await (await import('@srw/event-store/esdb')).EsdbEventStore.open({ connectionString: config.ESDB_URL })
    : await SqliteEventStore.open({ path: join(config.DATA_DIR, 'events.sqlite'), durability });
  const bus = config.KAFKA_BROKERS
    ? await (await import('@srw/bus/kafka')).KafkaBus.open({ brokers: config.KAFKA_BROKERS, clientId, logger })
    : await SqliteBus.open({ path: join(config.DATA_DIR, 'bus.sqlite'), durability });
  const readStore = config.MONGODB_URL
    ? await (await import('@srw/read-store/mongo')).MongoReadStore.open({ url: config.MONGODB_URL, database: config.MONGODB_DATABASE })
    : await SqliteReadStore.open({ path: join(config.DATA_DIR, 'read-models.sqlite'), durability });
  return {
    eventStore,
    bus,
    readStore,
    kinds: {
      eventStore: config.ESDB_URL ? 'eventstoredb' : 'embedded',
      bus: config.KAFKA_BROKERS ? 'kafka' : 'embedded',
      readStore: config.MONGODB_URL ? 'mongodb' : 'embedded',
    },
    async close() {
      await bus.close();
      await eventStore.close();
      await readStore.close();
    },
  };
}
