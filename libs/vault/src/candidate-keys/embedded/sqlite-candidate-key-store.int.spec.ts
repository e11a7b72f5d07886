import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { candidateKeyStoreContract } from '../../testing/candidate-key-store.contract';
import { SqliteCandidateKeyStore } from './sqlite-candidate-key-store';

candidateKeyStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candidate-keys-'));
  const file = join(dir, 'keys.sqlite');
  return {
    open: async (cipher) => new SqliteCandidateKeyStore(file, cipher),
    rawDump: async () => {
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM candidate_keys').all());
      } finally {
        db.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
