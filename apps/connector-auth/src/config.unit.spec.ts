import { loadConfig } from '@srw/runtime';
import { testKeyRing } from '@srw/vault/testing';
import { describe, expect, it } from 'vitest';
import { callbackUrlOf, connectorAuthConfigSchema, keyRingOf } from './config';

const ring = testKeyRing('k2', ['k1', 'k2']);
const valid = {
  PUBLIC_BASE_URL: 'https://connector.example.test',
  SR_CLIENT_ID: 'client',
  SR_CLIENT_SECRET: 'client-secret-value',
  VAULT_KEYS: Object.entries(ring.keys).map(([id, key]) => `${id}:${key}`).join(','),
  VAULT_CURRENT_KEY_ID: 'k2',
  OAUTH_STATE_KEY: Buffer.alloc(32, 7).toString('base64'),
  INTERNAL_SERVICE_TOKEN: 'x'.repeat(32),
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(connectorAuthConfigSchema, env, 'connector-auth');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('connector-auth config', () => {
  it('parses a valid environment, with SR production URLs by default and the key ring whole', () => {
    const config = connectorAuthConfigSchema.parse(valid);
    expect(config.SR_AUTHORIZE_URL).toBe('https://www.smartrecruiters.com/identity/oauth/allow');
    expect(config.SR_TOKEN_URL).toBe('https://api.smartrecruiters.com/identity/oauth/token');
    expect(keyRingOf(config)).toEqual(ring);
  });

  it('lists every bad key at once, without echoing a secret', () => {
    const message = problemsOf({ ...valid, SR_CLIENT_SECRET: '', OAUTH_STATE_KEY: 'c2hvcnQ=', INTERNAL_SERVICE_TOKEN: 'short-token', PUBLIC_BASE_URL: 'nope' });
    for (const key of ['SR_CLIENT_SECRET', 'OAUTH_STATE_KEY', 'INTERNAL_SERVICE_TOKEN', 'PUBLIC_BASE_URL']) expect(message).toContain(`  ${key}:`);
    expect(message).not.toContain('short-token');
    expect(message).not.toContain('c2hvcnQ=');
  });

  it('refuses a key ring whose current key is not listed, or a key that is not 32 bytes, naming the variable', () => {
    expect(problemsOf({ ...valid, VAULT_CURRENT_KEY_ID: 'k9' })).toMatch(/VAULT_CURRENT_KEY_ID: currentKeyId: "k9" is not one of the keys/);
    const short = problemsOf({ ...valid, VAULT_KEYS: 'k2:c2hvcnQ=' });
    expect(short).toMatch(/VAULT_KEYS: keys\.k2: must decode to 32 bytes/);
    expect(short).not.toContain('c2hvcnQ=');
    expect(problemsOf({ ...valid, VAULT_KEYS: 'no-separator' })).toMatch(/VAULT_KEYS: each entry must be <keyId>:<base64 key>/);
  });

  it('puts the callback under the public base URL, path prefix included', () => {
    expect(callbackUrlOf('https://x.test')).toBe('https://x.test/oauth/callback');
    expect(callbackUrlOf('https://x.test/connector/')).toBe('https://x.test/connector/oauth/callback');
  });
});
