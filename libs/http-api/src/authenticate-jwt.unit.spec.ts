import { createLogger } from '@srw/observability';
import { problemOnError } from '@srw/runtime';
import { Hono } from 'hono';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { authenticateJwt, type AuthenticateJwtOptions } from './authenticate-jwt';
import type { CallerEnv } from './caller';
import { signTestToken, testJwt, testJwtOptions } from './testing/test-tokens';

const issuedAt = 1_800_000_000;
/** The verifier's clock: 10 s after every test token was issued (they live 300 s). */
const now = () => (issuedAt + 10) * 1000;

function appWith(options: AuthenticateJwtOptions, logLines: string[] = []) {
  const logger = createLogger({ service: 'test' }, { write: (line) => void logLines.push(line) });
  const app = new Hono<CallerEnv>();
  app.onError(problemOnError(logger));
  app.use(authenticateJwt({ now, logger, ...options }));
  app.get('/me', (c) => c.json(c.var.caller));
  return app;
}

const token = (options: Parameters<typeof signTestToken>[0] = {}) => signTestToken({ issuedAt, ...options });
const call = (app: Hono<CallerEnv>, authorization?: string) => app.request('/me', authorization === undefined ? {} : { headers: { authorization } });

async function expectRefused(response: Response, detail: RegExp) {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="config-api", error="invalid_token"/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/me' });
  expect(problem['detail']).toMatch(detail);
}

/** A compact JWS with whatever header and payload, signed with nothing: what an `alg: none` attack sends. */
const unsigned = (header: object, payload: JWTPayload) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;

describe('authenticateJwt with an HS256 secret', () => {
  const app = appWith(testJwtOptions());

  it('sets the caller from the tenant_id and sub claims', async () => {
    const response = await call(app, `Bearer ${await token({ tenantId: 'acme', userId: 'u-7' })}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tenantId: 'acme', userId: 'u-7' });
  });

  it('answers a request without a token with a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const response = await call(app);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="config-api"');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz', /not a bearer token/],
    ['an empty bearer', 'Bearer ', /not a bearer token/],
    ['garbage', 'Bearer not.a.jwt', /malformed/],
    ['two parts', 'Bearer abc.def', /malformed/],
    ['an oversized token', `Bearer ${'a'.repeat(9000)}`, /not a bearer token/],
  ])('refuses %s', async (_case, authorization, detail) => {
    await expectRefused(await call(app, authorization), detail);
  });

  it('refuses an expired token beyond the clock skew, and accepts one within it', async () => {
    // Expired 31 s ago (default skew 30 s), then 29 s ago.
    await expectRefused(await call(app, `Bearer ${await token({ issuedAt: issuedAt - 331 })}`), /expired/);
    expect((await call(app, `Bearer ${await token({ issuedAt: issuedAt - 319 })}`)).status).toBe(200);
  });

  it('refuses a token that is not valid yet', async () => {
    await expectRefused(await call(app, `Bearer ${await token({ claims: { nbf: issuedAt + 60 } })}`), /not valid yet/);
  });

  it('refuses a token without exp', async () => {
    const noExp = await new SignJWT({ tenant_id: 'acme', sub: 'u' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(testJwt.issuer)
      .setAudience(testJwt.audience)
      .sign(new TextEncoder().encode(testJwt.secret));
    await expectRefused(await call(app, `Bearer ${noExp}`), /exp claim/);
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(await call(app, `Bearer ${await token({ secret: 'another-secret-of-thirty-two-bytes-long!' })}`), /signature/);
  });

  it('refuses alg none, whatever the claims', async () => {
    const none = unsigned({ alg: 'none', typ: 'JWT' }, { tenant_id: 'acme', sub: 'u', iss: testJwt.issuer, aud: testJwt.audience, exp: issuedAt + 300 });
    await expectRefused(await call(app, `Bearer ${none}`), /algorithm/);
  });

  it('refuses a token of another issuer or for another audience', async () => {
    await expectRefused(await call(app, `Bearer ${await token({ issuer: 'https://evil.test/' })}`), /another issuer/);
    await expectRefused(await call(app, `Bearer ${await token({ audience: 'another-api' })}`), /another audience/);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['with a control character', 'acme\u0000'],
    ['with a line break', 'acme\nlevel=error'],
    ['too long', 'a'.repeat(129)],
  ])('refuses a tenant claim that is %s', async (_case, tenantId) => {
    await expectRefused(await call(app, `Bearer ${await token({ claims: { tenant_id: tenantId } })}`), /tenant_id claim/);
  });

  it('refuses a token without a user', async () => {
    await expectRefused(await call(app, `Bearer ${await token({ claims: { sub: undefined } })}`), /sub claim/);
  });

  it('never writes the token to a log line', async () => {
    const lines: string[] = [];
    const logged = appWith(testJwtOptions(), lines);
    const expired = await token({ issuedAt: issuedAt - 1000 });
    await call(logged, `Bearer ${expired}`);
    await call(logged, `Bearer ${await token({ secret: 'another-secret-of-thirty-two-bytes-long!' })}`);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/eyJ/);
  });
});

describe('authenticateJwt options', () => {
  it('reads tenant and user from the claims it is told', async () => {
    const app = appWith(testJwtOptions({ tenantClaim: 'org', userClaim: 'uid' }));
    const response = await call(app, `Bearer ${await token({ claims: { org: 'o-1', uid: 'x-2', tenant_id: undefined } })}`);
    expect(await response.json()).toEqual({ tenantId: 'o-1', userId: 'x-2' });
  });

  it('takes a smaller skew, and refuses an unusable configuration at once', async () => {
    const strict = appWith(testJwtOptions({ clockSkewSeconds: 0 }));
    await expectRefused(await call(strict, `Bearer ${await token({ issuedAt: issuedAt - 311 })}`), /expired/);
    expect(() => authenticateJwt(testJwtOptions({ clockSkewSeconds: 301 }))).toThrow(RangeError);
    expect(() => authenticateJwt(testJwtOptions({ clockSkewSeconds: -1 }))).toThrow(RangeError);
    expect(() => authenticateJwt(testJwtOptions({ key: { kind: 'hs256-secret', secret: 'short' } }))).toThrow(/at least 32 bytes/);
  });
});

describe('authenticateJwt with a JWKS URL', () => {
  const jwksUrl = 'https://auth.willo.test/.well-known/jwks.json';

  async function keyServer() {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const keys: JWK[] = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    const server = { fetches: 0, down: false };
    const fetch = async (url: string) => {
      server.fetches++;
      if (server.down) throw new TypeError('fetch failed');
      expect(url).toBe(jwksUrl);
      return Response.json({ keys });
    };
    const sign = (alg: 'RS256' | 'ES256', kid: string, claims: JWTPayload = {}) =>
      new SignJWT({ tenant_id: 'acme', sub: 'u-1', ...claims })
        .setProtectedHeader({ alg, kid })
        .setIssuer(testJwt.issuer)
        .setAudience(testJwt.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 300)
        .sign(alg === 'RS256' ? rsa.privateKey : ec.privateKey);
    return { server, fetch, sign };
  }

  it('verifies RS256 and ES256 tokens with keys fetched once and cached', async () => {
    const { server, fetch, sign } = await keyServer();
    const app = appWith(testJwtOptions({ key: { kind: 'jwks', url: jwksUrl, fetch } }));
    for (const [alg, kid] of [['RS256', 'rsa-1'], ['ES256', 'ec-1'], ['RS256', 'rsa-1']] as const) {
      const response = await call(app, `Bearer ${await sign(alg, kid)}`);
      expect(response.status).toBe(200);
    }
    expect(server.fetches).toBe(1);
  });

  it('refuses an algorithm left out of the allow-list', async () => {
    const { fetch, sign } = await keyServer();
    const app = appWith(testJwtOptions({ key: { kind: 'jwks', url: jwksUrl, fetch, algorithms: ['ES256'] } }));
    await expectRefused(await call(app, `Bearer ${await sign('RS256', 'rsa-1')}`), /algorithm/);
  });

  it('refuses an HS256 token signed with the public key set as its secret (algorithm confusion)', async () => {
    const { fetch } = await keyServer();
    const app = appWith(testJwtOptions({ key: { kind: 'jwks', url: jwksUrl, fetch } }));
    await expectRefused(await call(app, `Bearer ${await token()}`), /algorithm/);
  });

  it('refuses a token whose kid the issuer does not have', async () => {
    const { fetch, sign } = await keyServer();
    const app = appWith(testJwtOptions({ key: { kind: 'jwks', url: jwksUrl, fetch } }));
    await expectRefused(await call(app, `Bearer ${await sign('RS256', 'unknown')}`), /no key/);
  });

  it('answers 503, not 401, while the key set cannot be fetched', async () => {
    const { server, fetch, sign } = await keyServer();
    server.down = true;
    const app = appWith(testJwtOptions({ key: { kind: 'jwks', url: jwksUrl, fetch } }));
    const response = await call(app, `Bearer ${await sign('RS256', 'rsa-1')}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
