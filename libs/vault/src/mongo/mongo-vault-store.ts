import { MongoClient, type Db, type Document, type OptionalUnlessRequiredId, type Collection } from 'mongodb';
import { fromDriverError, isDuplicateKey, translate } from './translate';

/**
 * Connects, then lets the store create its collections' indexes; a failure there closes the client
 * again, so a store that could not open leaves no connection pool behind.
 */
export async function connectVaultDatabase<T>(url: string, database: string, prepare: (db: Db) => Promise<T>): Promise<{ client: MongoClient; prepared: T }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await translate('connect', () => client.connect());
  try {
    return { client, prepared: await prepare(client.db(database)) };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * Inserts `doc` unless its `_id` is taken: a unique-key insert is atomic on every MongoDB-wire server
 * (FerretDB's conditional updates are not), so of racing inserters exactly one gets true.
 */
export async function insertUnlessTaken<T extends Document>(collection: Collection<T>, doc: OptionalUnlessRequiredId<T>, what: string): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw fromDriverError(what, error);
  }
}

/** What every MongoDB vault store shares: its own client, closed with the store. */
export abstract class MongoVaultStore {
  protected constructor(private readonly client: MongoClient) {}

  async close(): Promise<void> {
    await this.client.close();
  }
}
