import { readFileSync } from 'node:fs';
import { loadConfig, serviceConfigSchema, StartupError } from '@srw/runtime';
import { describe, expect, it } from 'vitest';
import { responseWritebackConfigSchema } from './config';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const required = {
  CONNECTOR_AUTH_URL: 'http://connector-auth:3000',
  INTERNAL_SERVICE_TOKEN: 't'.repeat(32),
  WILLO_WEBHOOK_SECRET: 's'.repeat(32),
};

const vault = { VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, VAULT_CURRENT_KEY_ID: 'k1' };

describe('response-writeback config', () => {
  it('documents exactly its own keys in the README table', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).sort();
    const own = Object.keys(responseWritebackConfigSchema.shape).filter((key) => !(key in serviceConfigSchema.shape)).sort();
    expect(documented).toEqual(own);
  });

  it('takes WILLO_API_KEY as the fallback organisation, optional (empty counts as unset) where the tenants keep their own keys', () => {
    expect(loadConfig(responseWritebackConfigSchema, { ...required, ...vault, WILLO_API_KEY: 'willo-key' }, 'response-writeback').WILLO_API_KEY).toBe('willo-key');
    expect(loadConfig(responseWritebackConfigSchema, { ...required, ...vault }, 'response-writeback').WILLO_API_KEY).toBeUndefined();
    expect(loadConfig(responseWritebackConfigSchema, { ...required, ...vault, WILLO_API_KEY: '' }, 'response-writeback').WILLO_API_KEY).toBeUndefined();
  });

  it('refuses neither WILLO_API_KEY nor VAULT_KEYS: no tenant would have a Willo organisation', () => {
    expect(() => loadConfig(responseWritebackConfigSchema, required, 'response-writeback')).toThrow(/WILLO_API_KEY/);
  });

  it('reads per-tenant templates and defaults the rest', () => {
    const config = loadConfig(responseWritebackConfigSchema, { ...required, WILLO_API_KEY: 'willo-key', NOTE_TEMPLATES: JSON.stringify({ acme: 'Done: {{interviewName}} {{reviewUrl}}' }) }, 'response-writeback');
    expect(config.NOTE_TEMPLATES).toEqual({ acme: 'Done: {{interviewName}} {{reviewUrl}}' });
    expect(config).toMatchObject({ RESPONSE_WRITEBACK_GROUP_PREFIX: 'response-writeback', NOTE_MAX_ATTEMPTS: 8, RESPONSE_POLL_MAX_CHECKS: 20, RESPONSE_POLL_INTERVAL_MS: 30_000 });
    expect(config.NOTE_TEMPLATE).toBeUndefined();
  });

  it('refuses every bad key at once, echoing no secret', () => {
    const error = (() => {
      try {
        loadConfig(
          responseWritebackConfigSchema,
          { ...required, WILLO_API_KEY: 'willo-key', WILLO_WEBHOOK_SECRET: 'short-secret', NOTE_TEMPLATE: 'Hi {{firstName}}', NOTE_TEMPLATES: '{not json', INTERNAL_SERVICE_TOKEN: undefined },
          'response-writeback',
        );
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    for (const key of ['WILLO_WEBHOOK_SECRET', 'NOTE_TEMPLATE:', 'NOTE_TEMPLATES', 'INTERNAL_SERVICE_TOKEN']) expect(message).toContain(key);
    expect(message).toContain('firstName');
    expect(message).not.toContain('short-secret');
  });
});
