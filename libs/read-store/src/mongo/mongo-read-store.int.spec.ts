import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { readStoreContract } from '../testing/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

// Set by .ci/run or tools/infra.sh (FerretDB here), or by the global setup's MongoDB testcontainer.
const url = process.env['MONGODB_URL'];

if (url) {
  readStoreContract(`MongoDB wire (${url})`, () => ({ open: () => MongoReadStore.open({ url, database: 'contract_tests' }) }));
} else {
  announceSkip('read store contract: MongoDB', 'MONGODB_URL not set and no container runtime');
  describe.skip('read store contract: MongoDB (no server)', () => it.skip('needs MONGODB_URL', () => {}));
}
