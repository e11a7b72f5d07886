import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { TokenCipher } from '../../crypto/token-cipher';
import { expectOneWinnerPerVersionAcrossProcesses } from '../../testing/cross-process-race';
import { testKeyRing } from '../../testing/test-keys';
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

  describe('MongoDB token vault across processes', () => {
    it('lets exactly one of 4 processes win each version of a grant', async () => {
      const database = 'vault_contract_tests';
      const collection = `credentials_procs_${randomUUID().slice(0, 8)}`;
      const vault = await MongoTokenVault.connect(url, TokenCipher.fromConfig(testKeyRing()), { database, collection });
      const client = new MongoClient(url);
      try {
        await expectOneWinnerPerVersionAcrossProcesses(vault, 'acme', ['mongo', url, database, collection]);
      } finally {
        await vault.close();
        for (const name of [collection, `${collection}_swaps`]) await client.db(database).collection(name).drop().catch(() => undefined);
        await client.close();
      }
    }, 120_000);
  });
} else {
  announceSkip('token vault contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('token vault contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
