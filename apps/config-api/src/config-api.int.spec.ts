import { randomUUID } from 'node:crypto';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { announceSkip } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { configApiSuite } from './testing/config-api.suite';

configApiSuite('embedded read store', () => SqliteReadStore.open(), (store) => store.close());

const mongoUrl = process.env['MONGODB_URL'];
if (mongoUrl) {
  const database = `config_api_${randomUUID().slice(0, 8)}`;
  configApiSuite(
    `Mongo-wire server (${mongoUrl})`,
    () => MongoReadStore.open({ url: mongoUrl, database }),
    async (store) => {
      await store.close();
      const client = await MongoClient.connect(mongoUrl);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  );
} else {
  announceSkip('config-api on the Mongo-wire server', 'MONGODB_URL not set and no container runtime');
}
