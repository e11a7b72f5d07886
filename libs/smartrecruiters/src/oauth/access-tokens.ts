import { AuthorizationLostError } from '@srw/errors';
import { defaultSrSettings } from '../sr-settings';
import type { SrOAuthClient } from './oauth-token-client';
import type { SrTokens, TokenStore } from './token-store';

/** Hands out bearer tokens for one SR grant. */
export interface AccessTokenSource {
  /** A token valid now. Throws {@link AuthorizationLostError} when the grant is gone. */
  accessToken(): Promise<string>;
  /** SR answered 401 to `token`: the next {@link accessToken} refreshes instead of reusing it. */
  rejected(token: string): void;
}

export interface OAuthAccessTokensOptions {
  now?: () => number;
  /** Refresh this long before expiry; defaults to the `refreshSkewMs` setting. */
  refreshSkewMs?: number;
  /**
   * After `invalid_grant`, how long to watch the store for a successor written by another process
   * that spent the same refresh token first, before declaring the grant lost (default 2 s).
   */
  lostGrantGraceMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const storePollMs = 100;

/**
 * Access tokens backed by a {@link TokenStore} with single-flight refresh: however many callers find
 * the token expired at once, one refresh runs and all of them await it, because SR's refresh tokens
 * are single use and a second refresh with the same token would fail and lose the grant.
 */
export class OAuthAccessTokens implements AccessTokenSource {
  private current: SrTokens | undefined;
  private refreshing: Promise<SrTokens> | undefined;
  private rejectedToken: string | undefined;
  /** The refresh token SR refused: not sent again until the store holds another one. */
  private deadRefreshToken: string | undefined;
  private readonly now: () => number;
  private readonly skewMs: number;
  private readonly graceMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: TokenStore,
    private readonly oauth: Pick<SrOAuthClient, 'refresh'>,
    options: OAuthAccessTokensOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.skewMs = options.refreshSkewMs ?? defaultSrSettings.refreshSkewMs;
    this.graceMs = options.lostGrantGraceMs ?? 2_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async accessToken(): Promise<string> {
    this.current ??= await this.store.read();
    if (this.current && this.usable(this.current)) return this.current.accessToken;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return (await this.refreshing).accessToken;
  }

  rejected(token: string): void {
    this.rejectedToken = token;
  }

  private usable(tokens: SrTokens): boolean {
    return tokens.accessToken !== this.rejectedToken && tokens.expiresAt - this.skewMs > this.now();
  }

  private async refresh(): Promise<SrTokens> {
    const stored = await this.store.read();
    if (!stored) throw new AuthorizationLostError('No SR tokens are stored for this grant: authorize first');
    // Another process sharing the store may already have refreshed.
    if (stored.refreshToken !== this.current?.refreshToken && this.usable(stored)) return (this.current = stored);
    if (stored.refreshToken === this.deadRefreshToken) throw new AuthorizationLostError('SR refused this grant: authorize again');
    let next: SrTokens;
    try {
      next = await this.oauth.refresh(stored.refreshToken);
    } catch (error) {
      if (error instanceof AuthorizationLostError) {
        // A concurrent writer (another process) may have used the same refresh token first: its
        // successor reaches the store a moment after SR refused ours, so watch for it a while.
        for (let waited = 0; ; waited += storePollMs) {
          const latest = await this.store.read();
          if (latest && latest.refreshToken !== stored.refreshToken && this.usable(latest)) return (this.current = latest);
          if (waited >= this.graceMs) break;
          await this.sleep(storePollMs);
        }
        this.deadRefreshToken = stored.refreshToken;
      }
      throw error;
    }
    if (await this.store.compareAndSwap(stored.refreshToken, next)) return (this.current = next);
    // Someone stored newer tokens meanwhile (e.g. a re-authorization): theirs win.
    const latest = await this.store.read();
    return (this.current = latest ?? next);
  }
}
