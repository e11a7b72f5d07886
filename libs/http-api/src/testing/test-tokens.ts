import { SignJWT, type JWTPayload } from 'jose';
import type { AuthenticateJwtOptions } from '../authenticate-jwt';

/** The HS256 settings every spec and sample app shares: a test secret, never a real one. */
export const testJwt = {
  secret: 'test-only-hs256-secret-0123456789abcdef',
  issuer: 'https://auth.willo.test/',
  audience: 'sr-willo-config-api',
} as const;

/** `authenticateJwt` options that accept {@link signTestToken}'s tokens. */
export function testJwtOptions(overrides: Partial<AuthenticateJwtOptions> = {}): AuthenticateJwtOptions {
  return { key: { kind: 'hs256-secret', secret: testJwt.secret }, issuer: testJwt.issuer, audience: testJwt.audience, ...overrides };
}

export interface TestTokenOptions {
  tenantId?: string;
  userId?: string;
  /** Seconds since the epoch the token is issued at; default now. */
  issuedAt?: number;
  /** Lifetime in seconds; default 300. */
  expiresInSeconds?: number;
  secret?: string;
  issuer?: string;
  audience?: string;
  /** Extra or replaced claims (`undefined` removes one). */
  claims?: JWTPayload;
}

/** An HS256 token as the Willo frontend's issuer would sign it, for tenant `tenantId`. */
export async function signTestToken(options: TestTokenOptions = {}): Promise<string> {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { tenant_id: options.tenantId ?? 'tenant-a', sub: options.userId ?? 'user-1', ...options.claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? testJwt.issuer)
    .setAudience(options.audience ?? testJwt.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? testJwt.secret));
}

/** The `Authorization` header for a test token of `tenantId`. */
export async function bearerFor(tenantId: string, options: Omit<TestTokenOptions, 'tenantId'> = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signTestToken({ ...options, tenantId })}` };
}
