import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'vitest';
import { TokenCipher } from '../../crypto/token-cipher';
import { expectOneWinnerPerVersionAcrossProcesses } from '../../testing/cross-process-race';
import { testKeyRing } from '../../testing/test-keys';
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

describe('embedded token vault across processes', () => {
  it('lets exactly one of 4 processes win each version of a grant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-vault-procs-'));
    const file = join(dir, 'vault.sqlite');
    const vault = new SqliteTokenVault(file, TokenCipher.fromConfig(testKeyRing()));
    try {
      await expectOneWinnerPerVersionAcrossProcesses(vault, 'acme', ['sqlite', file]);
    } finally {
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
