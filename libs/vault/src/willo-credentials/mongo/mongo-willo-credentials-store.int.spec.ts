import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { willoCredentialsStoreContract } from '../../testing/willo-credentials-store.contract';
import { MongoWilloCredentialsStore } from './mongo-willo-credentials-store';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer.
const url = process.env['MONGODB_URL'];

if (url) {
  willoCredentialsStoreContract(`MongoDB wire (${url})`, () => {
    const database = 'vault_contract_tests';
    const collection = `willo_credentials_${randomUUID().slice(0, 8)}`;
    const client = new MongoClient(url);
    const raw = () => client.db(database).collection(collection);
    return {
      open: (cipher) => MongoWilloCredentialsStore.connect(url, cipher, { database, collection }),
      rawDump: async () => JSON.stringify(await raw().find({}).toArray()),
      cleanup: async () => {
        await raw().drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('Willo credentials store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('Willo credentials store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
