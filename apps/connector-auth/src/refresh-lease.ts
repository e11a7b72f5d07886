import { createHash } from 'node:crypto';
import { TransientError } from '@srw/errors';
import type { SrTokens, TokenStore } from '@srw/smartrecruiters';
import type { NonceStore } from '@srw/vault';
import type { Clock, SrAuthorization } from './ports';

export interface RefreshLeaseOptions {
  /** First claim wins, in any process (the OAuth nonce store: a unique key per claim). */
  leases: NonceStore;
  /** The tenant's grant in the vault, where the winner's rotation appears. */
  store: Pick<TokenStore, 'read'>;
  sr: Pick<SrAuthorization, 'refresh'>;
  clock: Clock;
  tenant: string;
  /** How long a claim holds, and how long a loser waits for the winner's tokens (30 s by default). */
  leaseMs?: number;
  /** Between two looks at the vault while waiting (100 ms by default). */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultLeaseMs = 30_000;
const defaultPollMs = 100;

/**
 * SR's refresh for one tenant, spent by one replica only. SR refresh tokens are single use, so the
 * replica that claims the lease on this refresh token asks SR; every other one waits for the
 * winner's rotation to reach the vault and answers with it (its compare-and-swap then fails, and
 * `OAuthAccessTokens` adopts the stored tokens). The claim names a hash of tenant and refresh
 * token, never the token. A winner that dies leaves its claim until it expires: its losers give up
 * with a `TransientError` (503), and the next request after the expiry claims afresh.
 */
export function leasedRefresh(options: RefreshLeaseOptions): (refreshToken: string) => Promise<SrTokens> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const pollMs = options.pollMs ?? defaultPollMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (refreshToken) => {
    const claim = `sr-refresh:${createHash('sha256').update(`${options.tenant}\u0000${refreshToken}`).digest('base64url')}`;
    const now = options.clock.now();
    // Frees the claims of replicas that died mid-refresh, so that a stale claim never blocks for ever.
    await options.leases.purgeExpired(now);
    if (await options.leases.claim(claim, now + leaseMs)) return options.sr.refresh(refreshToken);
    for (let waited = 0; waited < leaseMs; waited += pollMs) {
      const stored = await options.store.read();
      if (stored && stored.refreshToken !== refreshToken) return stored;
      await sleep(pollMs);
    }
    throw new TransientError(`another replica's refresh of tenant ${options.tenant}'s SR grant has not finished; ask again`);
  };
}
