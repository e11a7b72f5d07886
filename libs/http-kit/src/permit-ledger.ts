import type { RateLimits } from './rate-limiter';

/** The right to send one call to the vendor: its place in the windows and a concurrency slot, until released or expired. */
export interface Permit {
  id: string;
  lane: string;
  /** Epoch ms; renew before it, or the slot is taken back (the holder is presumed dead). */
  expiresAt: number;
}

export interface PermitRelease {
  id: string;
  /** False for a permit handed back without a call: it leaves no trace in the windows. */
  used: boolean;
}

export interface PermitLedgerOptions {
  /** Per second and concurrent limits, lane caps, margin (`perMinute` and `perDay` are not shared this way). */
  limits: Pick<RateLimits, 'perSecond' | 'concurrent' | 'concurrentPerLane' | 'marginMs'>;
  /** How long a permit lives without a renewal. */
  leaseMs: number;
  /** Grants nothing this long after the ledger starts, while holders of the last one's permits renew them (default half a lease). */
  startQuietMs?: number;
  now?: () => number;
  newId: () => string;
}

/**
 * One credential's budget shared by several processes: the authority that leases permits. A permit
 * counts as a call in flight from its grant until its release, then (if used) for one window after
 * it; the release reaches the ledger after the vendor answered, so the vendor can never count more
 * than the limit. A permit whose holder stops renewing (a crash) is taken back at its expiry and
 * counted as answered then. Right after it starts (a restart of its process) the ledger grants
 * nothing for half a lease: it cannot know what its predecessor granted, and the holders of those
 * permits renew them meanwhile (renewal adopts a permit it does not know).
 * Pure: time comes from `now`.
 */
export class PermitLedger {
  private readonly held = new Map<string, { lane: string; expiresAt: number }>();
  /** When used permits were released (or expired), oldest first, within one window. */
  private readonly answered: number[] = [];
  private pausedUntil: number;
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(private readonly options: PermitLedgerOptions) {
    this.now = options.now ?? Date.now;
    this.windowMs = 1000 + options.limits.marginMs;
    this.pausedUntil = this.now() + (options.startQuietMs ?? options.leaseMs / 2);
  }

  /** Up to `want` permits of `lane` that the limits allow now (possibly none). */
  grant(lane: string, want: number): Permit[] {
    const now = this.now();
    this.expire(now);
    const permits: Permit[] = [];
    while (permits.length < want && this.roomAt(lane, now) === now) {
      const permit = { id: this.options.newId(), lane, expiresAt: now + this.options.leaseMs };
      this.held.set(permit.id, { lane, expiresAt: permit.expiresAt });
      permits.push(permit);
    }
    return permits;
  }

  /**
   * Extends the given permits by a lease. A permit this ledger does not know (granted before a restart,
   * or taken back from a holder that was only slow) is adopted: its call may be in flight, so its slot counts.
   */
  renew(permits: readonly { id: string; lane: string }[]): Permit[] {
    const now = this.now();
    this.expire(now);
    const expiresAt = now + this.options.leaseMs;
    return permits.map(({ id, lane }) => {
      this.held.set(id, { lane: this.held.get(id)?.lane ?? lane, expiresAt });
      return { id, lane, expiresAt };
    });
  }

  release(releases: readonly PermitRelease[]): void {
    const now = this.now();
    for (const { id, used } of releases) {
      if (!this.held.delete(id)) continue;
      if (used) this.answered.push(now);
    }
  }

  /** Holds every grant back for `ms` (after a 429, or a server saying its window is spent). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /**
   * When a grant in `lane` may become possible without any release: a window ageing out, a pause
   * ending, a permit expiring. `undefined` when only a release can make room (or nothing is held).
   */
  nextChangeAt(lane: string): number | undefined {
    const now = this.now();
    this.expire(now);
    const room = this.roomAt(lane, now);
    const expiries = [...this.held.values()].map((permit) => permit.expiresAt);
    const candidates = [room, expiries.length > 0 ? Math.min(...expiries) : undefined].filter((at): at is number => at !== undefined);
    return candidates.length > 0 ? Math.min(...candidates) : undefined;
  }

  /** Permits held now, for diagnostics and tests. */
  get inFlight(): number {
    this.expire(this.now());
    return this.held.size;
  }

  /** When one more permit of `lane` fits (now, later) or `undefined` while only a release can free a slot. */
  private roomAt(lane: string, now: number): number | undefined {
    const { perSecond, concurrent, concurrentPerLane } = this.options.limits;
    if (concurrent !== undefined && this.held.size >= concurrent) return undefined;
    const laneCap = concurrentPerLane?.[lane];
    if (laneCap !== undefined && [...this.held.values()].filter((permit) => permit.lane === lane).length >= laneCap) return undefined;
    if (this.held.size >= perSecond) return undefined;
    while (this.answered.length > 0 && this.answered[0]! <= now - this.windowMs) this.answered.shift();
    const excess = this.held.size + this.answered.length - perSecond;
    const at = excess >= 0 ? this.answered[excess]! + this.windowMs : now;
    return Math.max(at, this.pausedUntil, now);
  }

  private expire(now: number): void {
    for (const [id, permit] of this.held) {
      if (permit.expiresAt > now) continue;
      this.held.delete(id);
      this.answered.push(permit.expiresAt);
    }
    this.answered.sort((a, b) => a - b);
  }
}
