import { describe, expect, it } from 'vitest';
import { tenantWilloClients, WilloNotConfiguredError, type TenantWilloCredential } from './tenant-willo-clients';

describe('tenantWilloClients', () => {
  const setup = (fallback?: string) => {
    const keys = new Map<string, TenantWilloCredential>();
    const created: string[] = [];
    const willoFor = tenantWilloClients({
      credentialOf: async (tenant) => keys.get(tenant),
      create: (apiKey) => (created.push(apiKey), `client:${apiKey}`),
      fallback: fallback === undefined ? undefined : () => fallback,
    });
    return { keys, created, willoFor };
  };

  it('builds one client per tenant and key version, reused until the key is replaced', async () => {
    const { keys, created, willoFor } = setup('global');
    keys.set('a', { apiKey: 'key-a1', version: 'v1' });
    keys.set('b', { apiKey: 'key-b1', version: 'w1' });
    expect(await willoFor('a')).toBe('client:key-a1');
    expect(await willoFor('a')).toBe('client:key-a1');
    expect(await willoFor('b')).toBe('client:key-b1');
    keys.set('a', { apiKey: 'key-a2', version: 'v2' });
    expect(await willoFor('a')).toBe('client:key-a2');
    expect(created).toEqual(['key-a1', 'key-b1', 'key-a2']);
  });

  it('falls back to the global client for a tenant without a key, and again once its key is deleted', async () => {
    const { keys, willoFor } = setup('global');
    expect(await willoFor('c')).toBe('global');
    keys.set('c', { apiKey: 'key-c1', version: 'v1' });
    expect(await willoFor('c')).toBe('client:key-c1');
    keys.delete('c');
    expect(await willoFor('c')).toBe('global');
  });

  it('refuses a tenant with neither its own key nor a fallback, not retryable and naming the fix, never a key', async () => {
    const { willoFor } = setup();
    const error = await willoFor('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WilloNotConfiguredError);
    expect(error).toMatchObject({ code: 'WILLO_NOT_CONFIGURED', retryable: false });
    expect((error as Error).message).toMatch(/tenant d has no Willo API key .*PUT \/v1\/willo-credentials/);
  });
});
