import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { candidateKeyStoreContract } from '../../testing/candidate-key-store.contract';
import { MongoCandidateKeyStore } from './mongo-candidate-key-store';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer.
const url = process.env['MONGODB_URL'];

if (url) {
  candidateKeyStoreContract(`MongoDB wire (${url})`, () => {
    const database = 'vault_contract_tests';
    const collection = `candidate_keys_${randomUUID().slice(0, 8)}`;
    const client = new MongoClient(url);
    return {
      open: (cipher) => MongoCandidateKeyStore.connect(url, cipher, { database, collection }),
      rawDump: async () => JSON.stringify(await client.db(database).collection(collection).find({}).toArray()),
      cleanup: async () => {
        await client.db(database).collection(collection).drop().catch(() => undefined);
        await client.close();
      },
    };
  });
} else {
  announceSkip('candidate key store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('candidate key store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
