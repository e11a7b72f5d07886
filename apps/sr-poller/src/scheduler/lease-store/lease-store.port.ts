/** One holder's right to sync one tenant until `expiresAt`. */
export interface Lease {
  key: string;
  owner: string;
  /** Increases with every claim, renewal and release of the key: a renewal is a claim of the next term. */
  term: number;
  /** Epoch ms; after it, any owner may take the key. */
  expiresAt: number;
}

/**
 * Per-tenant leases shared by every poller replica, so that two replicas never sync one tenant at
 * once and a dead replica's tenants are taken over once its leases expire. Times are the caller's
 * clock (epoch ms); replicas' clocks are assumed to agree within a small fraction of the TTL.
 *
 * Guarantees, in any process: of concurrent `acquire`s of a free key exactly one gets a lease; a
 * held, unexpired lease is never handed to another owner; `renew` of a lease that was taken over
 * (or renewed already through another copy) answers `undefined`.
 */
export interface LeaseStore {
  /** The key for `owner` until `now + ttlMs` when it is free, expired or released; `undefined` when someone else holds it. */
  acquire(key: string, owner: string, ttlMs: number, now: number): Promise<Lease | undefined>;
  /** The lease extended to `now + ttlMs`; `undefined` when it has expired or was lost. Use the answer from then on. */
  renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | undefined>;
  /** Frees the key at once (true), unless the lease was lost already (false). */
  release(lease: Lease, now: number): Promise<boolean>;
  /** Who holds the key now, if anyone. */
  holder(key: string, now: number): Promise<Lease | undefined>;
  close(): Promise<void>;
}

/**
 * What an adapter stores: an append-only log of terms per key, where inserting a term that exists
 * fails. Only that insert has to be atomic (it is on FerretDB, whose conditional updates are not).
 */
export interface LeaseTermLog {
  latest(key: string): Promise<Lease | undefined>;
  /** True when this call added the term; false when the term existed already. */
  insert(term: Lease): Promise<boolean>;
  /** Deletes the key's terms below `term`. */
  prune(key: string, belowTerm: number): Promise<void>;
  close(): Promise<void>;
}
