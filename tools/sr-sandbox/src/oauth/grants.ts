import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; SR requires an exact match (API-NOTES §1). */
  redirectUris: string[];
}

export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
  /** The only refresh token that is still valid: each refresh replaces it (single use). */
  refreshToken: string;
  refreshExpiresAt: number;
}

interface AccessToken {
  grantId: string;
  expiresAt: number;
}

interface PendingCode {
  grantInput: { clientId: string; userId: string; scopes: string[] };
  redirectUri: string;
  expiresAt: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export type TokenResult = { ok: true; body: TokenResponse } | { ok: false; status: 400 | 401; error: string; description: string };

export interface GrantSettings {
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  codeTtlMs: number;
}

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

/** Issues and checks OAuth codes, access tokens and single-use refresh tokens. */
export class GrantRegistry {
  private readonly grants = new Map<string, Grant>();
  private readonly grantByRefreshToken = new Map<string, string>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly codes = new Map<string, PendingCode>();
  /** How many refresh_token grants succeeded: tests assert single-flight refresh with it. */
  refreshCount = 0;

  constructor(
    readonly clients: Map<string, OAuthClient>,
    private readonly clock: SandboxClock,
    private readonly settings: GrantSettings,
  ) {}

  issueCode(clientId: string, userId: string, scopes: string[], redirectUri: string): string {
    const code = token('code');
    this.codes.set(code, { grantInput: { clientId, userId, scopes }, redirectUri, expiresAt: this.clock.now() + this.settings.codeTtlMs });
    return code;
  }

  /** Creates a grant directly (control API and tests that skip the authorize page). */
  createGrant(clientId: string, userId: string, scopes: string[]): TokenResponse {
    const grant: Grant = { id: token('grant'), clientId, userId, scopes, revoked: false, refreshToken: '', refreshExpiresAt: 0 };
    this.grants.set(grant.id, grant);
    return this.issueTokens(grant);
  }

  exchangeCode(client: OAuthClient, code: string, redirectUri: string | undefined): TokenResult {
    const pending = this.codes.get(code);
    this.codes.delete(code); // codes are single use whatever the outcome
    if (!pending || pending.expiresAt < this.clock.now() || pending.grantInput.clientId !== client.clientId) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'authorization code is invalid or expired' };
    }
    if (redirectUri !== pending.redirectUri) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'redirect_uri does not match the authorization request' };
    }
    const { clientId, userId, scopes } = pending.grantInput;
    return { ok: true, body: this.createGrant(clientId, userId, scopes) };
  }

  refresh(client: OAuthClient, refreshToken: string): TokenResult {
    const grant = this.grants.get(this.grantByRefreshToken.get(refreshToken) ?? '');
    if (!grant || grant.clientId !== client.clientId || grant.refreshToken !== refreshToken) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'refresh token is invalid or was already used' };
    }
    if (grant.revoked || grant.refreshExpiresAt < this.clock.now()) {
      return { ok: false, status: 400, error: 'invalid_grant', description: 'the grant was revoked or has expired' };
    }
    this.refreshCount++;
    return { ok: true, body: this.issueTokens(grant) };
  }

  /** RFC 7009 revocation: either token kind revokes the whole grant. */
  revokeToken(value: string): void {
    const grantId = this.grantByRefreshToken.get(value) ?? this.accessTokens.get(value)?.grantId;
    if (grantId) this.revokeGrant(grantId);
  }

  revokeGrant(grantId: string): boolean {
    const grant = this.grants.get(grantId);
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }

  /** The live grant behind a bearer token, or why there is none. */
  authenticate(accessToken: string): { grant: Grant } | { problem: string } {
    const entry = this.accessTokens.get(accessToken);
    if (!entry) return { problem: 'unknown access token' };
    if (entry.expiresAt <= this.clock.now()) return { problem: 'access token expired' };
    const grant = this.grants.get(entry.grantId);
    if (!grant || grant.revoked) return { problem: 'grant revoked' };
    return { grant };
  }

  grantsOf(userId?: string): Grant[] {
    return [...this.grants.values()].filter((g) => userId === undefined || g.userId === userId);
  }

  private issueTokens(grant: Grant): TokenResponse {
    const accessToken = token('at');
    const refreshToken = token('rt');
    this.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: this.clock.now() + this.settings.accessTokenTtlMs });
    this.grantByRefreshToken.delete(grant.refreshToken);
    grant.refreshToken = refreshToken;
    grant.refreshExpiresAt = this.clock.now() + this.settings.refreshTokenTtlMs;
    this.grantByRefreshToken.set(refreshToken, grant.id);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: Math.floor(this.settings.accessTokenTtlMs / 1000),
      refresh_token: refreshToken,
      scope: grant.scopes.join(' '),
    };
  }
}
