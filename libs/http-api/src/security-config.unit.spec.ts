import { inspect } from 'node:util';
import { createLogger } from '@srw/observability';
import { describe, expect, it } from 'vitest';
import { apiSecurityOptionsOf, apiSecuritySchema } from './security-config';

const secret = 'a-frontend-secret-of-at-least-32-bytes!!';
const base = { JWT_ISSUER: 'https://auth.willo.test/', JWT_AUDIENCE: 'config-api' };

describe('apiSecuritySchema', () => {
  it('reads an HS256 setup with defaults, and its options carry the secret only where it is used', () => {
    const config = apiSecuritySchema.parse({ ...base, JWT_HS256_SECRET: secret, CORS_ORIGINS: 'https://app.willo.test, http://localhost:5173' });
    expect(config).toMatchObject({ JWT_CLOCK_SKEW_SECONDS: 30, JWT_TENANT_CLAIM: 'tenant_id', JWT_USER_CLAIM: 'sub', BODY_LIMIT_BYTES: 65_536 });
    const options = apiSecurityOptionsOf(config);
    expect(options.jwt.key).toEqual({ kind: 'hs256-secret', secret });
    expect(options.cors.origins).toEqual(['https://app.willo.test', 'http://localhost:5173']);
    expect(options.rateLimit).toEqual({ burst: 60, perSecond: 20 });
  });

  it('never prints the secret: not in JSON, not in console output, not in a log line', () => {
    const config = apiSecuritySchema.parse({ ...base, JWT_HS256_SECRET: secret });
    const lines: string[] = [];
    createLogger({}, { write: (line) => void lines.push(line) }).info('config', { config, copy: { key: config.JWT_HS256_SECRET } });
    for (const printed of [JSON.stringify(config), inspect(config), String(config.JWT_HS256_SECRET), ...lines]) expect(printed).not.toContain(secret);
  });

  it('reads a JWKS setup', () => {
    const config = apiSecuritySchema.parse({ ...base, JWT_JWKS_URL: 'https://auth.willo.test/.well-known/jwks.json' });
    expect(apiSecurityOptionsOf(config).jwt.key).toEqual({ kind: 'jwks', url: 'https://auth.willo.test/.well-known/jwks.json' });
  });

  it('lists every bad key at once, without echoing the secret', () => {
    const result = apiSecuritySchema.safeParse({
      JWT_HS256_SECRET: 'short-secret-value',
      JWT_CLOCK_SKEW_SECONDS: '900',
      CORS_ORIGINS: '*',
      BODY_LIMIT_BYTES: '0',
    });
    expect(result.success).toBe(false);
    const keys = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(keys).toEqual(expect.arrayContaining(['JWT_HS256_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_CLOCK_SKEW_SECONDS', 'CORS_ORIGINS', 'BODY_LIMIT_BYTES']));
    expect(JSON.stringify(result.error!.issues)).not.toContain('short-secret-value');
  });

  it('wants exactly one key source', () => {
    expect(apiSecuritySchema.safeParse(base).success).toBe(false);
    expect(apiSecuritySchema.safeParse({ ...base, JWT_HS256_SECRET: secret, JWT_JWKS_URL: 'https://auth.willo.test/jwks' }).success).toBe(false);
  });
});
