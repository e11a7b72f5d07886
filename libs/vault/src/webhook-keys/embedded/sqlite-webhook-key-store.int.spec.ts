import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { webhookKeyStoreContract } from '../../testing/webhook-key-store.contract';
import { SqliteWebhookKeyStore } from './sqlite-webhook-key-store';

webhookKeyStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-keys-'));
  const file = join(dir, 'webhook-keys.sqlite');
  const query = <T>(work: (db: DatabaseSync) => T): T => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    open: async (cipher) => new SqliteWebhookKeyStore(file, cipher),
    rawDump: async () => query((db) => JSON.stringify(db.prepare('SELECT * FROM webhook_keys').all())),
    stored: async (tenant) => query((db) => (db.prepare('SELECT count(*) AS n FROM webhook_keys WHERE tenant = ?').get(tenant) as { n: number }).n),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
