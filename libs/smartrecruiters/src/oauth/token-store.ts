/** The tokens of one SR grant. `expiresAt` is epoch ms of the access token's expiry. */
export interface SrTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  scopes: string[];
}

/**
 * Where one grant's tokens live. SR refresh tokens are single use, so the writer must replace them
 * atomically: `compareAndSwap` stores `next` only if the stored refresh token is still `expected`
 * and says whether it did. An encrypted vault with the same guarantee can stand in (connector-auth).
 */
export interface TokenStore {
  /** The current tokens, or undefined when the grant was never stored or was forgotten. */
  read(): Promise<SrTokens | undefined>;
  /** Replaces the tokens iff the stored refresh token equals `expectedRefreshToken` (undefined: none stored). */
  compareAndSwap(expectedRefreshToken: string | undefined, next: SrTokens): Promise<boolean>;
}

/** The embedded twin of {@link TokenStore}: one process, no persistence. */
export class InMemoryTokenStore implements TokenStore {
  private tokens: SrTokens | undefined;
  writes = 0;

  constructor(initial?: SrTokens) {
    this.tokens = initial;
  }

  async read(): Promise<SrTokens | undefined> {
    return this.tokens;
  }

  async compareAndSwap(expectedRefreshToken: string | undefined, next: SrTokens): Promise<boolean> {
    if (this.tokens?.refreshToken !== expectedRefreshToken) return false;
    this.tokens = next;
    this.writes++;
    return true;
  }
}
