import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { announceSkip } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { connectorAuthConfigSchema } from './config';
import { SecretStores } from './secret-stores';

/**
 * Which token vault connector-auth's service opens (its `companions` open `SecretStores` with the
 * parsed config): MongoDB's `credentials` collection where `MONGODB_URL` is set (the distributed
 * mode: every replica sees one vault), else `DATA_DIR/vault.sqlite`.
 */
const mongoUrl = process.env['MONGODB_URL'];
const dir = mkdtempSync(join(tmpdir(), 'connector-auth-stores-'));
const database = `connector_auth_stores_${randomUUID().slice(0, 8)}`;
const ring = testKeyRing('k1');
const configWith = (extra: Record<string, string>) =>
  connectorAuthConfigSchema.parse({
    PUBLIC_BASE_URL: 'http://127.0.0.1:1',
    SR_CLIENT_ID: 'client',
    SR_CLIENT_SECRET: 'secret',
    VAULT_KEYS: `k1:${ring.keys['k1']}`,
    VAULT_CURRENT_KEY_ID: 'k1',
    OAUTH_STATE_KEY: Buffer.alloc(32, 7).toString('base64'),
    INTERNAL_SERVICE_TOKEN: 'x'.repeat(32),
    ...extra,
  });
const grant = { accessToken: 'at', refreshToken: 'rt', expiresAt: Date.now() + 60_000, scopes: ['jobs_read'] };

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!mongoUrl) return;
  const client = await MongoClient.connect(mongoUrl);
  await client.db(database).dropDatabase().catch(() => undefined);
  await client.close();
});

describe('connector-auth SecretStores: the token vault for the mode', () => {
  it('without MONGODB_URL: SQLite in DATA_DIR/vault.sqlite', async () => {
    const stores = new SecretStores();
    const sqliteDir = join(dir, 'embedded');
    await stores.open(configWith({ DATA_DIR: sqliteDir }));
    try {
      await stores.vault.create('acme', grant);
      expect(existsSync(join(sqliteDir, 'vault.sqlite'))).toBe(true);
      expect((await stores.vault.read('acme'))?.refreshToken).toBe('rt');
    } finally {
      await stores.close();
    }
  });

  it.skipIf(!mongoUrl)('with MONGODB_URL: the MongoDB credentials collection, and no SQLite file', async () => {
    const stores = new SecretStores();
    const unusedDir = join(dir, 'distributed');
    await stores.open(configWith({ DATA_DIR: unusedDir, MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database }));
    try {
      await stores.vault.create('acme', grant);
      expect(existsSync(join(unusedDir, 'vault.sqlite'))).toBe(false);
      const client = await MongoClient.connect(mongoUrl!);
      try {
        expect(await client.db(database).collection('credentials').countDocuments({})).toBe(1);
      } finally {
        await client.close();
      }
    } finally {
      await stores.close();
    }
  });
});
if (!mongoUrl) announceSkip('connector-auth SecretStores on MongoDB', 'MONGODB_URL not set');
