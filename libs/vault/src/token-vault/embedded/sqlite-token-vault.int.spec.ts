import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { tokenVaultContract } from '../../testing/token-vault.contract';
import { SqliteTokenVault } from './sqlite-token-vault';

tokenVaultContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-vault-'));
  const file = join(dir, 'vault.sqlite');
  return {
    open: async (cipher) => new SqliteTokenVault(file, cipher),
    rawDump: async () => {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM vault_grants').all());
      } finally {
        db.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
