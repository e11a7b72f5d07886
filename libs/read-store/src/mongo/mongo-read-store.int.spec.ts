import { announceSkip } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { describe, it } from 'vitest';
import { readStoreContract } from '../testing/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer.
const url = process.env['MONGODB_URL'];

/** FerretDB answers `buildInfo` with its own version field; MongoDB does not. */
async function isFerretDb(serverUrl: string): Promise<boolean> {
  const client = await MongoClient.connect(serverUrl);
  try {
    return 'ferretdbVersion' in (await client.db('admin').command({ buildInfo: 1 }));
  } finally {
    await client.close();
  }
}

if (url) {
  const notAtomic = (await isFerretDb(url))
    ? 'FerretDB runs a conditional update as a read, then a write: racing guarded writes of one document can land out of order (MongoDB: atomic)'
    : undefined;
  if (notAtomic) announceSkip('read store contract on FerretDB: racing guarded writes of one document', notAtomic);
  readStoreContract(`MongoDB wire (${url})`, () => ({
    open: () => MongoReadStore.open({ url, database: 'contract_tests' }),
    ...(notAtomic ? { conditionalUpdatesNotAtomic: notAtomic } : {}),
  }));
} else {
  announceSkip('read store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('read store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
