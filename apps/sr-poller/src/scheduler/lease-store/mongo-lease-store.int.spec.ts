import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { leaseStoreContract } from './lease-store.contract';
import { connectMongoLeaseStore } from './mongo-lease-store';

const url = process.env['MONGODB_URL'];

if (url) {
  leaseStoreContract(`MongoDB wire (${url})`, () => {
    const database = 'sr_poller_contract_tests';
    const collection = `leases_${randomUUID().slice(0, 8)}`;
    return {
      open: () => connectMongoLeaseStore(url, { database, collection }),
      cleanup: async () => {
        const client = await MongoClient.connect(url);
        await client.db(database).collection(collection).drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('lease store contract: MongoDB', 'MONGODB_URL not set');
  describe.skip('lease store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
