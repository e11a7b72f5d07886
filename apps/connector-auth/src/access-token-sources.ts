import { OAuthAccessTokens, type SrTokens, type TokenStore } from '@srw/smartrecruiters';
import { ConflictError, TransientError } from '@srw/errors';
import { tokenStoreFor, type NonceStore, type TokenVault } from '@srw/vault';
import type { Clock, SrAuthorization } from './ports';
import { leasedRefresh } from './refresh-lease';

export interface IssuedAccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface AccessTokenSourcesOptions {
  vault: TokenVault;
  sr: Pick<SrAuthorization, 'refresh'>;
  /** Claims of a refresh across replicas (see `leasedRefresh`). */
  refreshLeases: NonceStore;
  clock: Clock;
  /** Told after this process stored a refreshed grant (before any caller gets the new token). */
  onRefreshed(tenant: string, expiresAt: number): Promise<void>;
  lostGrantGraceMs?: number;
}

/** Tokens this process handed out recently, per tenant: enough to name the expiry of the one returned. */
const rememberedTokens = 4;

/**
 * One `OAuthAccessTokens` per tenant over the vault, so that however many requests arrive at expiry,
 * this process asks for one refresh (single flight); across replicas one of them spends the refresh
 * token at SR (a lease) and stores its rotation with a compare-and-swap, the others adopt it.
 */
export class AccessTokenSources {
  private readonly byTenant = new Map<string, TenantAccessTokens>();

  constructor(private readonly options: AccessTokenSourcesOptions) {}

  /**
   * A token valid for at least the refresh skew. The vault is read first on every call, so that a
   * grant another replica deleted (disconnect) or replaced (reconnect, rotation) is never served
   * from this process's memory. @throws ConflictError when no grant is stored,
   * AuthorizationLostError when SR refused the refresh token.
   */
  async accessToken(tenant: string, rejectedToken?: string): Promise<IssuedAccessToken> {
    const stored = await this.options.vault.read(tenant);
    if (!stored) {
      this.byTenant.delete(tenant);
      throw new ConflictError(`tenant ${tenant} has no SmartRecruiters grant: connect the integration first`);
    }
    let source = this.byTenant.get(tenant);
    if (!source || !source.knows(stored.refreshToken)) {
      source = new TenantAccessTokens(tenant, this.options);
      this.byTenant.set(tenant, source);
    }
    return source.accessToken(rejectedToken);
  }

  /** Drops what this process remembers of a tenant's grant: after a reconnect or a disconnect. */
  forget(tenant: string): void {
    this.byTenant.delete(tenant);
  }
}

class TenantAccessTokens {
  private readonly tokens: OAuthAccessTokens;
  private readonly store: TokenStore;
  private readonly expiries = new Map<string, number>();
  /** The refresh token of the grant this source last read or stored. */
  private latestRefreshToken: string | undefined;

  constructor(
    private readonly tenant: string,
    options: AccessTokenSourcesOptions,
  ) {
    const vaultStore = tokenStoreFor(options.vault, tenant);
    this.store = {
      read: async () => this.remember(await vaultStore.read()),
      compareAndSwap: async (expected, next) => {
        const swapped = await vaultStore.compareAndSwap(expected, next);
        if (swapped) {
          this.remember(next);
          if (expected !== undefined) await options.onRefreshed(tenant, next.expiresAt);
        }
        return swapped;
      },
    };
    const refresh = leasedRefresh({ leases: options.refreshLeases, store: vaultStore, sr: options.sr, clock: options.clock, tenant });
    this.tokens = new OAuthAccessTokens(this.store, { refresh }, {
      now: () => options.clock.now(),
      ...(options.lostGrantGraceMs === undefined ? {} : { lostGrantGraceMs: options.lostGrantGraceMs }),
    });
  }

  async accessToken(rejectedToken: string | undefined): Promise<IssuedAccessToken> {
    if (rejectedToken) this.tokens.rejected(rejectedToken);
    const accessToken = await this.tokens.accessToken();
    const expiresAt = this.expiries.get(accessToken) ?? (await this.store.read())?.expiresAt;
    // Only when the grant was deleted or replaced between the two reads: the caller may ask again.
    if (expiresAt === undefined) throw new TransientError(`the SR grant of tenant ${this.tenant} changed while it was read; ask again`);
    return { accessToken, expiresAt };
  }

  /** Whether the vault's grant is the one this source holds (or has not read yet). */
  knows(refreshToken: string): boolean {
    return this.latestRefreshToken === undefined || this.latestRefreshToken === refreshToken;
  }

  private remember(tokens: SrTokens | undefined): SrTokens | undefined {
    if (!tokens) return tokens;
    this.latestRefreshToken = tokens.refreshToken;
    this.expiries.set(tokens.accessToken, tokens.expiresAt);
    for (const old of this.expiries.keys()) {
      if (this.expiries.size <= rememberedTokens) break;
      this.expiries.delete(old);
    }
    return tokens;
  }
}
