import { readFileSync } from 'node:fs';
import { loadConfig, serviceConfigSchema } from '@srw/runtime';
import { describe, expect, it } from 'vitest';
import { testKeyRing } from '@srw/vault/testing';
import { srPollerConfigSchema } from './config';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const required = { CONNECTOR_AUTH_URL: 'http://connector-auth:3000', INTERNAL_SERVICE_TOKEN: 't'.repeat(32), VAULT_KEYS: `k1:${testKeyRing('k1').keys['k1']}`, VAULT_CURRENT_KEY_ID: 'k1' };

describe('sr-poller config', () => {
  it('documents exactly its own keys in the README table', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).sort();
    const own = Object.keys(srPollerConfigSchema.shape).filter((key) => !(key in serviceConfigSchema.shape)).sort();
    expect(documented).toEqual(own);
  });

  it('has defaults for everything but connector-auth\'s address, the service token and the key ring', () => {
    const config = loadConfig(srPollerConfigSchema, required, 'sr-poller');
    expect(config).toMatchObject({
      SR_API_URL: 'https://api.smartrecruiters.com',
      SR_POLLER_GROUP_PREFIX: 'sr-poller',
      SR_POLLER_LEASE_TTL_MS: 60_000,
      SR_POLLER_MAX_CONCURRENT_SYNCS: 4,
      SR_POLLER_RETRY_DELAY_MS: 60_000,
      SR_POLLER_STOP_GRACE_MS: 5_000,
    });
    expect(config.SR_POLLER_REPLICA_ID).toBeUndefined();
  });

  it('refuses every bad key at once, one line each, echoing no value', () => {
    const secret = 'short-secret';
    const message = (() => {
      try {
        loadConfig(srPollerConfigSchema, { INTERNAL_SERVICE_TOKEN: secret, SR_POLLER_REPLICA_ID: 'a b', SR_POLLER_MAX_CONCURRENT_SYNCS: '0' }, 'sr-poller');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const key of ['CONNECTOR_AUTH_URL', 'INTERNAL_SERVICE_TOKEN', 'SR_POLLER_REPLICA_ID', 'SR_POLLER_MAX_CONCURRENT_SYNCS']) expect(message).toContain(`  ${key}:`);
    expect(message).not.toContain(secret);
  });
});
