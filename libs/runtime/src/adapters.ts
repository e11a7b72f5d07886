import { join } from 'node:path';
import { z } from 'zod';
import { KafkaBus, SqliteBus, type Bus } from '@srw/bus';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@srw/event-store';
import { MongoReadStore, SqliteReadStore, type ReadStore } from '@srw/read-store';
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
  const eventStore = config.ESDB_URL
    ? new EsdbEventStore(config.ESDB_URL.replace(/^kurrentdb/, 'esdb'))
    : new SqliteEventStore(join(config.DATA_DIR, 'events.sqlite'), 250, config.EMBEDDED_DURABILITY);
  const bus = config.KAFKA_BROKERS
    ? new KafkaBus({ brokers: config.KAFKA_BROKERS, clientId, logger })
    : new SqliteBus(join(config.DATA_DIR, 'bus.sqlite'), { durability: config.EMBEDDED_DURABILITY });
  const readStore = config.MONGODB_URL
    ? await MongoReadStore.connect(config.MONGODB_URL, config.MONGODB_DATABASE)
    : new SqliteReadStore(join(config.DATA_DIR, 'read-models.sqlite'), config.EMBEDDED_DURABILITY);
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
