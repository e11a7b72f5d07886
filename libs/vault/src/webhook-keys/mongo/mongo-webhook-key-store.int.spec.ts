import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { webhookKeyStoreContract } from '../../testing/webhook-key-store.contract';
import { MongoWebhookKeyStore } from './mongo-webhook-key-store';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer.
const url = process.env['MONGODB_URL'];

if (url) {
  webhookKeyStoreContract(`MongoDB wire (${url})`, () => {
    const database = 'vault_contract_tests';
    const collection = `webhook_keys_${randomUUID().slice(0, 8)}`;
    const client = new MongoClient(url);
    const raw = () => client.db(database).collection(collection);
    return {
      open: (cipher) => MongoWebhookKeyStore.connect(url, cipher, { database, collection }),
      rawDump: async () => JSON.stringify(await raw().find({}).toArray()),
      stored: (tenant) => raw().countDocuments({ tenantId: tenant }),
      cleanup: async () => {
        await raw().drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('webhook key store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('webhook key store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
