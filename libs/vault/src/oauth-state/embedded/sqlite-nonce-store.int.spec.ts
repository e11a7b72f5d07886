import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nonceStoreContract } from '../../testing/nonce-store.contract';
import { SqliteNonceStore } from './sqlite-nonce-store';

nonceStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nonce-store-'));
  return {
    open: async () => new SqliteNonceStore(join(dir, 'nonces.sqlite')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
