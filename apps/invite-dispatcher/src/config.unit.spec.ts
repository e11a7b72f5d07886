import { loadConfig } from '@srw/runtime';
import { describe, expect, it } from 'vitest';
import { inviteDispatcherConfigSchema } from './config';

const required = { VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, VAULT_CURRENT_KEY_ID: 'k1' };

describe('invite-dispatcher config', () => {
  it('takes WILLO_API_KEY as the fallback organisation of tenants without their own key, and runs without one', () => {
    expect(loadConfig(inviteDispatcherConfigSchema, { ...required, WILLO_API_KEY: 'willo-key' }, 'invite-dispatcher').WILLO_API_KEY).toBe('willo-key');
    expect(loadConfig(inviteDispatcherConfigSchema, required, 'invite-dispatcher').WILLO_API_KEY).toBeUndefined();
    // Compose passes `${WILLO_API_KEY:-}`: empty is unset, not a key.
    expect(loadConfig(inviteDispatcherConfigSchema, { ...required, WILLO_API_KEY: '' }, 'invite-dispatcher').WILLO_API_KEY).toBeUndefined();
  });
});
