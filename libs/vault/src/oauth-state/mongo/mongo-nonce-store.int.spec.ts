import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { nonceStoreContract } from '../../testing/nonce-store.contract';
import { MongoNonceStore } from './mongo-nonce-store';

const url = process.env['MONGODB_URL'];

if (url) {
  nonceStoreContract(`MongoDB wire (${url})`, () => {
    const database = 'vault_contract_tests';
    const collection = `nonces_${randomUUID().slice(0, 8)}`;
    return {
      open: () => MongoNonceStore.connect(url, { database, collection }),
      cleanup: async () => {
        const client = await MongoClient.connect(url);
        await client.db(database).collection(collection).drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('nonce store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('nonce store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
