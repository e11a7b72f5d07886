import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import type { SrTokens } from '@srw/smartrecruiters';
import type { NonceStore, OAuthStateSigner, TokenVault } from '@srw/vault';

/** Time comes in: tests move it past a token's expiry or a state's ten minutes. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** What connector-auth needs of SR's OAuth: the consent page's URL and the token endpoint (`SrOAuthClient`). */
export interface SrAuthorization {
  /** The consent-page URL carrying our client id, redirect URI, scopes and `state`. */
  authorizationUrl(state: string): string;
  exchangeCode(code: string): Promise<SrTokens>;
  refresh(refreshToken: string): Promise<SrTokens>;
}

/** The narrow ports the routes take; the composition root (or all-in-one) builds them. */
export interface ConnectorAuthPorts {
  eventStore: EventStore;
  vault: TokenVault;
  states: OAuthStateSigner;
  /**
   * Where replicas claim a refresh, so that one of them spends the single-use refresh token: any
   * first-claim-wins store shared by the replicas (the OAuth nonce store).
   */
  refreshLeases: NonceStore;
  sr: SrAuthorization;
  /** The bearer token other services present to the internal endpoints. */
  serviceToken: string;
  logger: Logger;
  /**
   * After SR refuses a refresh token, how long to watch the vault for a successor another replica
   * stored first (`OAuthAccessTokens`); 2 s by default.
   */
  lostGrantGraceMs?: number;
  /** How long an SR permit (`/internal/sr-permits`) lives without a renewal; 10 s by default. */
  srPermitLeaseMs?: number;
  /** SR's requests per second per credential (10 unless SR grants a tenant more). */
  srRequestsPerSecond?: number;
}
