import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { tokenVaultContract } from '../../testing/token-vault.contract';
import { MongoTokenVault } from './mongo-token-vault';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer;
// the global setup fails the run in CI when it is missing.
const url = process.env['MONGODB_URL'];

if (url) {
  tokenVaultContract(`MongoDB wire (${url})`, () => {
    const database = 'vault_contract_tests';
    const collection = `credentials_${randomUUID().slice(0, 8)}`;
    const client = new MongoClient(url);
    return {
      open: (cipher) => MongoTokenVault.connect(url, cipher, { database, collection }),
      rawDump: async () => JSON.stringify(await client.db(database).collection(collection).find({}).toArray()),
      cleanup: async () => {
        await client.db(database).collection(collection).drop().catch(() => undefined);
        await client.db(database).collection(`${collection}_swaps`).drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('token vault contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('token vault contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
