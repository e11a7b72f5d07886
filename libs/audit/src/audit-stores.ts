import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError, TransientError, ValidationError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { adapterConfigSchema } from '@srw/runtime';

/** The settings the services use to find their stores (README, "Configuration"): the audit reads the same ones. */
export const auditStoresConfigSchema = adapterConfigSchema.pick({ DATA_DIR: true, ESDB_URL: true, MONGODB_URL: true, MONGODB_DATABASE: true });
export type AuditStoresConfig = ReturnType<typeof auditStoresConfigSchema.parse>;

/** EventStoreDB where `ESDB_URL` is set, else the embedded store under `DATA_DIR`, which must exist: never a new, empty one. */
export async function openHistory(config: AuditStoresConfig): Promise<EventStore> {
  if (config.ESDB_URL) return (await import('@srw/event-store/esdb')).EsdbEventStore.open({ connectionString: config.ESDB_URL });
  const path = join(config.DATA_DIR, 'events.sqlite');
  if (!existsSync(path)) throw new NotFoundError(`no event store at ${path}: set DATA_DIR to the services' data folder, or ESDB_URL`);
  return SqliteEventStore.open({ path });
}

/** The services' read models: MongoDB's `MONGODB_DATABASE` where `MONGODB_URL` is set, else the embedded file under `DATA_DIR`. */
export async function openLiveReadModels(config: AuditStoresConfig): Promise<{ store: ReadStore; name: string }> {
  if (config.MONGODB_URL) {
    const store = await (await import('@srw/read-store/mongo')).MongoReadStore.open({ url: config.MONGODB_URL, database: config.MONGODB_DATABASE });
    return { store, name: `MongoDB database ${config.MONGODB_DATABASE}` };
  }
  const path = join(config.DATA_DIR, 'read-models.sqlite');
  if (!existsSync(path)) throw new NotFoundError(`no live read models at ${path}: set DATA_DIR to the services' data folder, or MONGODB_URL`);
  return { store: await SqliteReadStore.open({ path }), name: path };
}

const databaseName = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * The replay's target, which must be fresh so that what it holds afterwards is the replay alone: on
 * `MONGODB_URL`, `into` names a database that has no collection yet (never the live one); embedded,
 * `into` is a SQLite file that does not exist yet. Throws `ValidationError` otherwise.
 */
export async function openFreshReadModels(config: AuditStoresConfig, into: string): Promise<{ store: ReadStore; name: string }> {
  if (config.MONGODB_URL) {
    if (!databaseName.test(into)) throw new ValidationError('--into', [{ path: '--into', message: `${JSON.stringify(into)} is not a database name (letters, digits, _ and -, at most 63)` }]);
    if (into === config.MONGODB_DATABASE) throw new ValidationError('--into', [{ path: '--into', message: `${into} is the live database (MONGODB_DATABASE): name a new one` }]);
    const existing = await collectionCount(config.MONGODB_URL, into);
    if (existing > 0) throw new ValidationError('--into', [{ path: '--into', message: `database ${into} already holds ${existing} collections: name a new one` }]);
    const store = await (await import('@srw/read-store/mongo')).MongoReadStore.open({ url: config.MONGODB_URL, database: into });
    return { store, name: `MongoDB database ${into}` };
  }
  if (existsSync(into)) throw new ValidationError('--into', [{ path: '--into', message: `${into} exists: name a new SQLite file` }]);
  // `process` durability: a replay that dies is simply run again into a new file.
  return { store: await SqliteReadStore.open({ path: into, durability: 'process' }), name: into };
}

/** The read-store port cannot list collections, so the freshness check asks the server itself; its errors stay here. */
async function collectionCount(url: string, database: string): Promise<number> {
  const { MongoClient } = await import('mongodb');
  let client: InstanceType<typeof MongoClient> | undefined;
  try {
    client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
    return (await client.db(database).listCollections({}, { nameOnly: true }).toArray()).length;
  } catch (error) {
    throw new TransientError(`MONGODB_URL did not answer: ${(error as Error).message}`, { cause: error });
  } finally {
    await client?.close();
  }
}
