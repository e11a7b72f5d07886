import { AuthorizationLostError, parseWith, TransientError, UpstreamError } from '@srw/errors';
import { errorBodyOf, parseJsonBody } from '@srw/http-kit';
import { oauthError, tokenResponse } from '../schemas/token';
import { defaultSrSettings, srProductionHosts, type SrSettings } from '../sr-settings';
import type { SrTokens } from './token-store';

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Defaults to SR's production token endpoint. */
  tokenUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
  settings?: Partial<SrSettings>;
}

/**
 * SR's token endpoint: code exchange and refresh. `invalid_grant` (a used, revoked or expired
 * refresh token) becomes {@link AuthorizationLostError}: only a person can fix it by authorizing again.
 */
export class SrOAuthClient {
  private readonly settings: SrSettings;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly config: OAuthClientConfig) {
    this.settings = { ...defaultSrSettings, ...config.settings };
    this.fetch = config.fetch ?? globalThis.fetch;
    this.now = config.now ?? Date.now;
  }

  exchangeCode(code: string): Promise<SrTokens> {
    return this.request({ grant_type: 'authorization_code', code, redirect_uri: this.config.redirectUri }, undefined);
  }

  /** Uses `refreshToken` once; the answer carries its replacement, which the caller must store. */
  refresh(refreshToken: string): Promise<SrTokens> {
    return this.request({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
  }

  private async request(params: Record<string, string>, previousRefreshToken: string | undefined): Promise<SrTokens> {
    const body = new URLSearchParams(params);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.settings.clientAuthentication === 'client_secret_basic') {
      const credentials = `${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`;
      headers['authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      body.set('client_id', this.config.clientId);
      body.set('client_secret', this.config.clientSecret);
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.config.tokenUrl ?? srProductionHosts.token, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      // Inside the try: the timeout or a reset can also cut the body short.
      text = await response.text();
    } catch (error) {
      throw new TransientError(`SR token endpoint unreachable: ${String(error)}`, { cause: error });
    }
    if (!response.ok) {
      const json = errorBodyOf(text);
      const problem = oauthError.safeParse(json);
      const code = problem.success ? problem.data.error : `HTTP ${response.status}`;
      if (code === 'invalid_grant') {
        throw new AuthorizationLostError(`SR rejected the grant: ${problem.success ? (problem.data.error_description ?? code) : code}`);
      }
      if (response.status >= 500 || response.status === 429) throw new TransientError(`SR token endpoint answered ${response.status}`);
      throw new UpstreamError(`SR token endpoint answered ${response.status} ${code}`, response.status, json);
    }
    const tokens = parseWith(tokenResponse, parseJsonBody(text, 'SR token endpoint', response.status), 'SR token response');
    const refreshToken = tokens.refresh_token ?? previousRefreshToken;
    if (refreshToken === undefined) throw new UpstreamError('SR token response has no refresh_token', response.status);
    return {
      accessToken: tokens.access_token,
      refreshToken,
      expiresAt: this.now() + (tokens.expires_in !== undefined ? tokens.expires_in * 1000 : this.settings.defaultAccessTokenTtlMs),
      scopes: tokens.scope?.split(' ').filter(Boolean) ?? [],
    };
  }
}
