import { z } from 'zod';
import type { AuthenticateJwtOptions } from './authenticate-jwt';
import { defaultClockSkewSeconds, maxClockSkewSeconds, minHs256SecretBytes } from './authenticate-jwt';
import type { CorsOptions } from './cors';
import type { RateLimitPerTenantOptions } from './rate-limit-per-tenant';
import { SecretValue } from './secret-value';

/** A comma-separated list of exact origins; `*` is refused (answers carry the caller's data). */
const originList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const origins = value.split(',').map((part) => part.trim()).filter(Boolean);
    for (const origin of origins) {
      if (!/^https?:\/\/[^/\s*]+$/.test(origin)) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin (scheme://host[:port], no path, no wildcard)` });
    }
    return origins;
  });

const claimName = z.string().regex(/^[A-Za-z_][\w.:-]{0,63}$/, 'must be a claim name');

/**
 * The settings of an API's security edge, as environment keys: spread into an app's schema
 * (`serviceConfigSchema.extend(apiSecurityEnv).superRefine(refineJwtKeySource)`). Error messages name
 * the key, never the secret's value; the parsed secret is a {@link SecretValue} that prints `[redacted]`.
 */
export const apiSecurityEnv = {
  /** HS256 shared secret with the Willo frontend's token issuer, at least 32 bytes. Exactly one of this and `JWT_JWKS_URL`. */
  JWT_HS256_SECRET: z
    .string()
    .refine((value) => Buffer.byteLength(value, 'utf8') >= minHs256SecretBytes, `must be at least ${minHs256SecretBytes} bytes`)
    .transform((value) => new SecretValue(value))
    .optional(),
  /** The issuer's JSON Web Key Set (RS256/ES256 keys), fetched and cached. Exactly one of this and `JWT_HS256_SECRET`. */
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The `iss` every token must carry. */
  JWT_ISSUER: z.string().min(1),
  /** The `aud` every token must carry. */
  JWT_AUDIENCE: z.string().min(1),
  /** Tolerance for `exp`/`nbf` between the issuer's clock and ours. */
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(maxClockSkewSeconds).default(defaultClockSkewSeconds),
  JWT_TENANT_CLAIM: claimName.default('tenant_id'),
  JWT_USER_CLAIM: claimName.default('sub'),
  /** Browser origins of the Willo frontend, comma-separated; empty: no cross-origin access. */
  CORS_ORIGINS: originList,
  /** Largest request body accepted; above it a 413. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1).max(10 * 1024 * 1024).default(64 * 1024),
  /** Requests a tenant may make at once (per replica). */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  /** Requests per second a tenant may sustain (per replica). */
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
};

export interface ApiSecurityConfig {
  JWT_HS256_SECRET?: SecretValue | undefined;
  JWT_JWKS_URL?: string | undefined;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_CLOCK_SKEW_SECONDS: number;
  JWT_TENANT_CLAIM: string;
  JWT_USER_CLAIM: string;
  CORS_ORIGINS: string[];
  BODY_LIMIT_BYTES: number;
  RATE_LIMIT_BURST: number;
  RATE_LIMIT_PER_SECOND: number;
}

/** A `superRefine` step: exactly one key source. */
export function refineJwtKeySource(config: Pick<ApiSecurityConfig, 'JWT_HS256_SECRET' | 'JWT_JWKS_URL'>, ctx: z.RefinementCtx): void {
  const given = [config.JWT_HS256_SECRET, config.JWT_JWKS_URL].filter((value) => value !== undefined).length;
  if (given !== 1) {
    ctx.addIssue({ code: 'custom', path: ['JWT_HS256_SECRET'], message: 'set exactly one of JWT_HS256_SECRET and JWT_JWKS_URL' });
  }
}

/** The security settings alone, e.g. for an app that has no other keys, or a test. */
export const apiSecuritySchema = z.object(apiSecurityEnv).superRefine(refineJwtKeySource);

export interface ApiSecurityOptions {
  jwt: AuthenticateJwtOptions;
  cors: CorsOptions;
  bodyLimit: { maxBytes: number };
  rateLimit: RateLimitPerTenantOptions;
}

/** The middleware options the settings stand for. */
export function apiSecurityOptionsOf(config: ApiSecurityConfig): ApiSecurityOptions {
  const secret = config.JWT_HS256_SECRET;
  return {
    jwt: {
      key: secret ? { kind: 'hs256-secret', secret: secret.reveal() } : { kind: 'jwks', url: config.JWT_JWKS_URL as string },
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      clockSkewSeconds: config.JWT_CLOCK_SKEW_SECONDS,
      tenantClaim: config.JWT_TENANT_CLAIM,
      userClaim: config.JWT_USER_CLAIM,
    },
    cors: { origins: config.CORS_ORIGINS },
    bodyLimit: { maxBytes: config.BODY_LIMIT_BYTES },
    rateLimit: { burst: config.RATE_LIMIT_BURST, perSecond: config.RATE_LIMIT_PER_SECOND },
  };
}
