import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { willoCredentialsStoreContract } from '../../testing/willo-credentials-store.contract';
import { SqliteWilloCredentialsStore } from './sqlite-willo-credentials-store';

willoCredentialsStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'willo-credentials-'));
  const file = join(dir, 'willo-credentials.sqlite');
  return {
    open: async (cipher) => new SqliteWilloCredentialsStore(file, cipher),
    rawDump: async () => {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM willo_credentials').all());
      } finally {
        db.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
