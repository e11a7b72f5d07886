import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, ValidationError, type AppErrorOptions } from '@srw/errors';
import { decodeBase64Key } from '../crypto/key-ring';
import type { NonceStore } from './nonce-store.port';

/** Who started the OAuth flow, and where to send them back (a path on our own site). */
export interface OAuthStateRequest {
  tenant: string;
  userId: string;
  returnTo?: string;
}

export interface OAuthStateClaims extends OAuthStateRequest {
  nonce: string;
  /** Epoch ms after which the state is refused. */
  expiresAt: number;
}

export type OAuthStateFailure = 'forged' | 'expired' | 'replayed' | 'wrong-tenant' | 'wrong-user';

/** A refused `state`. `reason` says exactly why, so the callback page can tell the admin what to do. */
export class OAuthStateError extends ForbiddenError {
  constructor(
    readonly reason: OAuthStateFailure,
    message: string,
    options?: AppErrorOptions,
  ) {
    super(`OAuth state refused (${reason}): ${message}`, options);
  }
}

export interface OAuthStateSignerOptions {
  /** The HMAC-SHA256 key, base64, at least 32 bytes. */
  key: string;
  nonces: NonceStore;
  /** Defaults to 10 minutes (ARCHITECTURE §9). */
  ttlMs?: number;
}

interface Payload {
  v: 1;
  t: string;
  u: string;
  r?: string;
  n: string;
  exp: number;
}

const tenMinutes = 10 * 60_000;
const macLength = 32;

/**
 * The OAuth `state`: `<payload>.<mac>`, both base64url, the payload JSON naming tenant, user, an
 * optional return path, a random 128-bit nonce and the expiry; the MAC is HMAC-SHA256 over the
 * encoded payload. It is signed rather than encrypted: nothing in it is secret, it must only be
 * unforgeable. Single use comes from the nonce store, so it holds across replicas.
 */
export class OAuthStateSigner {
  private readonly key: Buffer;
  private readonly ttlMs: number;
  private readonly nonces: NonceStore;

  constructor(options: OAuthStateSignerOptions) {
    const key = decodeBase64Key(options.key, 32);
    const ttlOk = options.ttlMs === undefined || (Number.isInteger(options.ttlMs) && options.ttlMs > 0);
    if (typeof key === 'string' || !ttlOk) {
      throw new ValidationError('OAuth state signer config', [
        ...(typeof key === 'string' ? [{ path: 'key', message: key }] : []),
        ...(ttlOk ? [] : [{ path: 'ttlMs', message: 'must be a positive integer' }]),
      ]);
    }
    this.key = key;
    this.ttlMs = options.ttlMs ?? tenMinutes;
    this.nonces = options.nonces;
  }

  /** A fresh state for one authorization request, valid for the TTL from `now` (epoch ms). */
  issue(request: OAuthStateRequest, now: number): string {
    checkRequest(request);
    const payload: Payload = {
      v: 1,
      t: request.tenant,
      u: request.userId,
      ...(request.returnTo === undefined ? {} : { r: request.returnTo }),
      n: randomBytes(16).toString('base64url'),
      exp: now + this.ttlMs,
    };
    const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${encoded}.${this.mac(encoded).toString('base64url')}`;
  }

  /**
   * Checks a state that came back on the callback and uses it up. Checks run in this order, and only
   * a state that passes all the others spends its nonce, so a request from the wrong user cannot burn
   * the right user's state: signature and shape (`forged`), expiry (`expired`), the expected tenant and
   * user when given (`wrong-tenant`, `wrong-user`), then first use (`replayed`).
   * @throws OAuthStateError with the failing `reason`.
   */
  async consume(state: string, expected: { tenant?: string; userId?: string }, now: number): Promise<OAuthStateClaims> {
    const payload = this.verify(state);
    if (now >= payload.exp) throw new OAuthStateError('expired', `it expired at ${new Date(payload.exp).toISOString()}`);
    if (expected.tenant !== undefined && expected.tenant !== payload.t) {
      throw new OAuthStateError('wrong-tenant', 'it was issued for another tenant');
    }
    if (expected.userId !== undefined && expected.userId !== payload.u) {
      throw new OAuthStateError('wrong-user', 'it was issued for another user');
    }
    if (!(await this.nonces.claim(payload.n, payload.exp))) throw new OAuthStateError('replayed', 'it was already used');
    // Housekeeping only: correctness never depends on it, since an expired state is refused above.
    await this.nonces.purgeExpired(now);
    return {
      tenant: payload.t,
      userId: payload.u,
      ...(payload.r === undefined ? {} : { returnTo: payload.r }),
      nonce: payload.n,
      expiresAt: payload.exp,
    };
  }

  private mac(encodedPayload: string): Buffer {
    return createHmac('sha256', this.key).update(encodedPayload, 'utf8').digest();
  }

  private verify(state: unknown): Payload {
    if (typeof state !== 'string' || state.length > 4096) throw new OAuthStateError('forged', 'it is missing or too long');
    const parts = state.split('.');
    if (parts.length !== 2) throw new OAuthStateError('forged', 'it is malformed');
    const [encoded, mac] = parts as [string, string];
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== macLength || !timingSafeEqual(given, this.mac(encoded))) {
      throw new OAuthStateError('forged', 'its signature does not match');
    }
    // Signed by us, so well-formed unless our own format changed: checked anyway, never trusted blindly.
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch (error) {
      throw new OAuthStateError('forged', 'its payload is not JSON', { cause: error });
    }
    if (!isPayload(payload)) throw new OAuthStateError('forged', 'its payload has an unknown shape');
    return payload;
  }
}

function isPayload(value: unknown): value is Payload {
  const p = value as Partial<Payload> | null;
  return (
    typeof p === 'object' && p !== null && p.v === 1 && typeof p.t === 'string' && typeof p.u === 'string' &&
    typeof p.n === 'string' && Number.isFinite(p.exp) && (p.r === undefined || typeof p.r === 'string')
  );
}

/** `returnTo` must be a path on our own site: anything else would make the callback an open redirect. */
function checkRequest(request: OAuthStateRequest): void {
  const issues = [];
  if (typeof request.tenant !== 'string' || request.tenant === '') issues.push({ path: 'tenant', message: 'must be a non-empty string' });
  if (typeof request.userId !== 'string' || request.userId === '') issues.push({ path: 'userId', message: 'must be a non-empty string' });
  const r = request.returnTo;
  if (r !== undefined && (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//') || r.includes('\\'))) {
    issues.push({ path: 'returnTo', message: 'must be a path on this site, starting with a single /' });
  }
  if (issues.length > 0) throw new ValidationError('OAuth state request', issues);
}
