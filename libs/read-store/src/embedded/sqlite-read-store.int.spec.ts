import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoreContract } from '../testing/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

readStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
  return {
    open: () => SqliteReadStore.open({ path: join(dir, 'read.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
