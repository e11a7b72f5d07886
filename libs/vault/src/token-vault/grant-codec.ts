import { ValidationError, type FieldIssue } from '@srw/errors';
import type { TokenCipher } from '../crypto/token-cipher';
import { accessTokenPurpose, refreshTokenPurpose, type GrantTokens, type StoredGrant } from './token-vault.port';

/** A grant as every adapter stores it: secrets sealed, the refresh token also as a keyed hash for the swap filter. */
export interface SealedGrant {
  accessToken: string;
  refreshToken: string;
  refreshFingerprint: string;
  expiresAt: number;
  scopes: string[];
}

/** Rejects what must never be stored (an empty token would make every later swap ambiguous). */
export function checkTokens(tokens: GrantTokens): void {
  const issues: FieldIssue[] = [];
  if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') issues.push({ path: 'accessToken', message: 'must be a non-empty string' });
  if (typeof tokens?.refreshToken !== 'string' || tokens.refreshToken === '') issues.push({ path: 'refreshToken', message: 'must be a non-empty string' });
  if (!Number.isFinite(tokens?.expiresAt)) issues.push({ path: 'expiresAt', message: 'must be epoch milliseconds' });
  if (!Array.isArray(tokens?.scopes) || tokens.scopes.some((s) => typeof s !== 'string')) issues.push({ path: 'scopes', message: 'must be a list of strings' });
  if (issues.length > 0) throw new ValidationError('SR grant tokens', issues);
}

export function checkTenant(tenant: string): void {
  if (typeof tenant !== 'string' || tenant === '') throw new ValidationError('tenant', [{ path: '', message: 'must be a non-empty string' }]);
}

export class GrantCodec {
  constructor(private readonly cipher: TokenCipher) {}

  seal(tenant: string, tokens: GrantTokens): SealedGrant {
    checkTokens(tokens);
    return {
      accessToken: this.cipher.encrypt(tokens.accessToken, { tenant, purpose: accessTokenPurpose }),
      refreshToken: this.cipher.encrypt(tokens.refreshToken, { tenant, purpose: refreshTokenPurpose }),
      refreshFingerprint: this.cipher.fingerprint(tokens.refreshToken, { tenant, purpose: refreshTokenPurpose }),
      expiresAt: tokens.expiresAt,
      scopes: [...tokens.scopes],
    };
  }

  open(tenant: string, sealed: SealedGrant, version: number): StoredGrant {
    return {
      accessToken: this.cipher.decrypt(sealed.accessToken, { tenant, purpose: accessTokenPurpose }),
      refreshToken: this.cipher.decrypt(sealed.refreshToken, { tenant, purpose: refreshTokenPurpose }),
      expiresAt: sealed.expiresAt,
      scopes: [...sealed.scopes],
      version,
    };
  }

  /** Every fingerprint the expected refresh token may be stored under (one per key of the ring). */
  expectedFingerprints(tenant: string, expectedRefreshToken: string): string[] {
    return this.cipher.fingerprints(expectedRefreshToken, { tenant, purpose: refreshTokenPurpose });
  }
}
