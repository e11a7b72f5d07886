import type { Lease, LeaseStore, LeaseTermLog } from './lease-store.port';

/**
 * Leases as claims of terms. Every change of a key (take, renew, release) inserts the next term
 * under a unique key, so whatever races, exactly one of the changes that start from one term wins:
 * a replica's renewal and another's takeover of an expired lease cannot both succeed.
 */
export class TermLeaseStore implements LeaseStore {
  constructor(private readonly log: LeaseTermLog) {}

  async acquire(key: string, owner: string, ttlMs: number, now: number): Promise<Lease | undefined> {
    const latest = await this.log.latest(key);
    if (latest && latest.expiresAt > now && latest.owner !== owner) return undefined;
    return this.claimNext(key, latest?.term ?? 0, owner, now + ttlMs);
  }

  async renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | undefined> {
    // Past its expiry another replica may have started on the tenant: the holder must stop, not extend.
    if (lease.expiresAt <= now || !(await this.isLatest(lease))) return undefined;
    return this.claimNext(lease.key, lease.term, lease.owner, now + ttlMs);
  }

  async release(lease: Lease, now: number): Promise<boolean> {
    if (lease.expiresAt <= now || !(await this.isLatest(lease))) return false;
    return (await this.claimNext(lease.key, lease.term, lease.owner, now)) !== undefined;
  }

  async holder(key: string, now: number): Promise<Lease | undefined> {
    const latest = await this.log.latest(key);
    return latest && latest.expiresAt > now ? latest : undefined;
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /**
   * A stale copy of a lease (renewed since) must not claim again: its next term may have been pruned.
   * The insert that follows still decides any race that starts after this read.
   */
  private async isLatest(lease: Lease): Promise<boolean> {
    const latest = await this.log.latest(lease.key);
    return latest?.term === lease.term && latest.owner === lease.owner;
  }

  private async claimNext(key: string, after: number, owner: string, expiresAt: number): Promise<Lease | undefined> {
    const next: Lease = { key, owner, term: after + 1, expiresAt };
    if (!(await this.log.insert(next))) return undefined;
    // Two terms back are kept, so a stale copy of a lease always meets its successor's insert and loses.
    if (next.term > 3) await this.log.prune(key, next.term - 2);
    return next;
  }
}
