import { TransientError } from '@srw/errors';
import type { Logger } from '@srw/observability';
import type { MiddlewareHandler } from 'hono';
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { callerSchema, type Caller, type CallerEnv } from './caller';
import { problemException } from './problem-exception';

/** The asymmetric algorithms a JWKS may sign with; `none` and the HMAC family are never accepted from a key set. */
export const jwksAlgorithms = ['RS256', 'ES256'] as const;
export type JwksAlgorithm = (typeof jwksAlgorithms)[number];

/** RFC 7518 §3.2: an HS256 key is at least as long as the hash, 256 bits. */
export const minHs256SecretBytes = 32;
export const defaultClockSkewSeconds = 30;
/** Beyond this, an expired token would stay usable for minutes: a configuration error, not a choice. */
export const maxClockSkewSeconds = 300;
/** A bearer token longer than this is refused before any parsing work. */
const maxTokenLength = 8192;

/** Where the keys that sign the frontend's tokens come from. */
export type JwtKeySource =
  | { kind: 'hs256-secret'; secret: string }
  | {
      kind: 'jwks';
      url: string;
      /** Allowed signing algorithms; default both RS256 and ES256. */
      algorithms?: readonly JwksAlgorithm[];
      /** How long a fetched key set is used before it is fetched again; default 10 minutes. An unknown `kid` refetches sooner (at most every 30 s). */
      cacheMaxAgeMs?: number;
      /** How long fetching the key set may take; default 5 s. */
      timeoutMs?: number;
      /** Replaces `fetch` for the key set (tests serve it in-process). */
      fetch?: FetchImplementation;
    };

export interface AuthenticateJwtOptions {
  key: JwtKeySource;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry (one of its values when it is a list). */
  audience: string;
  /** Tolerance for `exp` and `nbf` between the issuer's clock and ours; default 30 s, at most 300 s. */
  clockSkewSeconds?: number;
  /** The claim naming the tenant; default `tenant_id`. */
  tenantClaim?: string;
  /** The claim naming the user; default `sub`. */
  userClaim?: string;
  /** Named in `WWW-Authenticate`; default `config-api`. */
  realm?: string;
  /** Epoch milliseconds; injected by tests. */
  now?: () => number;
  /** Refusals are logged at `info` with their reason, never with the token. */
  logger?: Logger;
}

/** Why a token was refused: the 401's detail (RFC 6750 `error_description`), never the token itself. */
function reasonFor(error: unknown): string | undefined {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return 'the token is not valid yet';
      case 'iss':
        return 'the token is from another issuer';
      case 'aud':
        return 'the token is for another audience';
      default:
        return `the token's ${error.claim} claim is not valid`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'the token is signed with an algorithm that is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'no key of the issuer matches the token';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'the token is malformed';
  return undefined;
}

/** The key set behind a JWKS URL, fetched and cached by jose; a key set that cannot be loaded is our outage (503), not the caller's fault. */
function remoteKeySet(source: Extract<JwtKeySource, { kind: 'jwks' }>): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(source.url), {
    cacheMaxAge: source.cacheMaxAgeMs ?? 600_000,
    timeoutDuration: source.timeoutMs ?? 5_000,
    ...(source.fetch ? { [customFetch]: source.fetch } : {}),
  });
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (reasonFor(error) !== undefined) throw error;
      throw new TransientError('the key set that verifies tokens could not be loaded', { cause: error });
    }
  };
}

function verifierFor(options: AuthenticateJwtOptions): (token: string) => Promise<JWTPayload> {
  const skew = options.clockSkewSeconds ?? defaultClockSkewSeconds;
  if (!Number.isFinite(skew) || skew < 0 || skew > maxClockSkewSeconds) {
    throw new RangeError(`clockSkewSeconds must be from 0 to ${maxClockSkewSeconds}, got ${skew}`);
  }
  const now = options.now ?? Date.now;
  const claims = { issuer: options.issuer, audience: options.audience, clockTolerance: skew, requiredClaims: ['exp'] };
  const { key } = options;
  if (key.kind === 'hs256-secret') {
    const secret = new TextEncoder().encode(key.secret);
    if (secret.length < minHs256SecretBytes) throw new RangeError(`the HS256 secret must be at least ${minHs256SecretBytes} bytes`);
    return async (token) => (await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'], currentDate: new Date(now()) })).payload;
  }
  const algorithms = [...(key.algorithms ?? jwksAlgorithms)];
  if (algorithms.length === 0 || algorithms.some((alg) => !jwksAlgorithms.includes(alg))) {
    throw new RangeError(`JWKS algorithms must be some of ${jwksAlgorithms.join(', ')}`);
  }
  const keySet = remoteKeySet(key);
  return async (token) => (await jwtVerify(token, keySet, { ...claims, algorithms, currentDate: new Date(now()) })).payload;
}

/**
 * Authenticates every request by the Willo frontend's JWT (`Authorization: Bearer <jwt>`): the
 * signature (HS256 shared secret, or RS256/ES256 from a JWKS URL; `none` and any algorithm not
 * listed are refused), `iss`, `aud`, `exp` (required) and `nbf` within the clock skew. The caller's
 * tenant and user come from the token's claims only, checked by {@link callerSchema}, and are set as
 * `c.var.caller`; no route takes the tenant from the path or the body.
 *
 * A refused token throws a 401 for the app's error handler (problem+json with
 * `WWW-Authenticate: Bearer error="invalid_token"`; a request without a token gets a bare `Bearer`
 * challenge, as RFC 6750 §3.1 asks). A key set that cannot be fetched is a 503. The token is never
 * logged. Throws a `RangeError` at once for an unusable configuration.
 */
export function authenticateJwt(options: AuthenticateJwtOptions): MiddlewareHandler<CallerEnv> {
  const verify = verifierFor(options);
  const tenantClaim = options.tenantClaim ?? 'tenant_id';
  const userClaim = options.userClaim ?? 'sub';
  const realm = options.realm ?? 'config-api';
  const refuse = (detail: string, withError = true) => {
    options.logger?.info('token refused', { reason: detail });
    const challenge = withError ? `Bearer realm="${realm}", error="invalid_token", error_description="${detail}"` : `Bearer realm="${realm}"`;
    return problemException(401, detail, { 'www-authenticate': challenge });
  };

  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header === '') throw refuse('this API needs Authorization: Bearer <token>', false);
    const match = /^Bearer +([^\s]+) *$/i.exec(header);
    if (!match || (match[1] as string).length > maxTokenLength) throw refuse('the Authorization header is not a bearer token');
    let payload: JWTPayload;
    try {
      payload = await verify(match[1] as string);
    } catch (error) {
      const reason = reasonFor(error);
      if (reason === undefined) throw error;
      throw refuse(reason);
    }
    const caller = callerSchema.safeParse({ tenantId: payload[tenantClaim], userId: payload[userClaim] });
    if (!caller.success) {
      const claim = caller.error.issues[0]?.path[0] === 'tenantId' ? tenantClaim : userClaim;
      throw refuse(`the token's ${claim} claim is missing or not a valid id`);
    }
    c.set('caller', caller.data satisfies Caller);
    await next();
  };
}
