import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyRing } from '@srw/vault';
import { afterAll, describe, expect, it } from 'vitest';
import { allInOneConfigSchema } from './config';
import { devSecretsFile, resolveConnectorAuthSecrets } from './dev-secrets';

const root = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const configIn = (env: Record<string, string> = {}) => allInOneConfigSchema.parse({ DATA_DIR: join(root, `data-${++dirs}`, 'nested'), ...env });

describe('connector-auth secrets of the all-in-one', () => {
  it('generates them at the first start into DATA_DIR, mode 0600, and reads the same ones at the next', () => {
    const config = configIn();
    const first = resolveConnectorAuthSecrets(config);
    expect(first.file).toEqual({ path: join(config.DATA_DIR, devSecretsFile), created: true });
    expect(statSync(first.file!.path).mode & 0o777).toBe(0o600);
    // Usable as they are: a valid key ring, a 32-byte state key, a long service token.
    expect(parseKeyRing(first.secrets.keyRing).keyIds).toEqual(['dev1']);
    expect(Buffer.from(first.secrets.oauthStateKey, 'base64')).toHaveLength(32);
    expect(first.secrets.internalServiceToken.length).toBeGreaterThanOrEqual(32);
    // Nothing half-written is left beside it.
    expect(readdirSync(config.DATA_DIR)).toEqual([devSecretsFile]);

    const second = resolveConnectorAuthSecrets(config);
    expect(second.file?.created).toBe(false);
    expect(second.secrets).toEqual(first.secrets);
  });

  it('takes each secret set in the environment over the file, and writes no file when all are set', () => {
    const env = {
      VAULT_KEYS: `k7:${randomBytes(32).toString('base64')}`,
      VAULT_CURRENT_KEY_ID: 'k7',
      OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
      INTERNAL_SERVICE_TOKEN: randomBytes(32).toString('hex'),
    };
    const all = configIn(env);
    const resolved = resolveConnectorAuthSecrets(all);
    expect(resolved.file).toBeUndefined();
    expect(resolved.secrets).toEqual({
      keyRing: { currentKeyId: 'k7', keys: { k7: env.VAULT_KEYS.slice(3) } },
      oauthStateKey: env.OAUTH_STATE_KEY,
      internalServiceToken: env.INTERNAL_SERVICE_TOKEN,
    });

    const some = configIn({ OAUTH_STATE_KEY: env.OAUTH_STATE_KEY });
    const mixed = resolveConnectorAuthSecrets(some);
    const stored = JSON.parse(readFileSync(mixed.file!.path, 'utf8')) as { oauthStateKey: string; internalServiceToken: string };
    expect(mixed.secrets.oauthStateKey).toBe(env.OAUTH_STATE_KEY);
    expect(mixed.secrets.internalServiceToken).toBe(stored.internalServiceToken);
  });

  it('refuses a secrets file others can read, and one that is not a secrets file, without printing a value', () => {
    const config = configIn();
    const { file, secrets } = resolveConnectorAuthSecrets(config);
    chmodSync(file!.path, 0o644);
    expect(() => resolveConnectorAuthSecrets(config)).toThrow(/readable by others \(mode 644\).*chmod 600/);

    writeFileSync(file!.path, JSON.stringify({ vaultKeys: {} }), { mode: 0o600 });
    chmodSync(file!.path, 0o600);
    const failure = (() => {
      try {
        resolveConnectorAuthSecrets(config);
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(failure.message).toMatch(/is not a dev secrets file \(vaultCurrentKeyId, oauthStateKey, internalServiceToken\)/);
    expect(failure.message).not.toContain(secrets.oauthStateKey);
  });
});

describe('connector-auth settings of the all-in-one', () => {
  it('names every bad one at once, never echoing a value', () => {
    const secret = 'not base64!';
    const result = allInOneConfigSchema.safeParse({ VAULT_KEYS: 'k1:short', OAUTH_STATE_KEY: secret, INTERNAL_SERVICE_TOKEN: 'short', PUBLIC_BASE_URL: 'nope' });
    expect(result.success).toBe(false);
    expect([...new Set(result.error!.issues.map((issue) => issue.path.join('.')))].sort()).toEqual([
      'INTERNAL_SERVICE_TOKEN',
      'OAUTH_STATE_KEY',
      'PUBLIC_BASE_URL',
      'VAULT_CURRENT_KEY_ID',
    ]);
    expect(JSON.stringify(result.error!.issues)).not.toContain(secret);
  });

  it('checks the key ring whole when it is given', () => {
    const result = allInOneConfigSchema.safeParse({ VAULT_KEYS: 'k1:c2hvcnQ=', VAULT_CURRENT_KEY_ID: 'k2' });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['VAULT_CURRENT_KEY_ID', 'VAULT_KEYS']);
  });
});
