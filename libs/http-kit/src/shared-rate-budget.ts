import { randomUUID } from 'node:crypto';
import { PermitLedger, type PermitLedgerOptions, type PermitRelease } from './permit-ledger';

/** One exchange of a remote limiter with the budget: hand back, renew, and ask, in one round trip. */
export interface PermitExchange {
  /** The credential (SR: the tenant). */
  key: string;
  lane: string;
  /** Permits wanted now (0: only releases and renewals). */
  want: number;
  /** How long to wait for at least one permit when none is free (long poll); 0 answers at once. */
  waitMs: number;
  release: readonly PermitRelease[];
  renew: readonly { id: string; lane: string }[];
  /** Hold everyone back this long (the caller met a 429, or SR said its window is spent). */
  pauseMs?: number | undefined;
}

export interface PermitExchangeAnswer {
  permits: { id: string; lane: string }[];
  /** Renewed ids, each for one more lease from now. */
  renewed: string[];
  /** A permit lives this long from the answer unless renewed. */
  leaseMs: number;
}

export type SharedRateBudgetOptions = Omit<PermitLedgerOptions, 'newId'> & { newId?: () => string };

/**
 * The ledgers of every credential in one process, and the long poll over them: a caller that finds
 * no permit free waits (at most `waitMs`) until a release, an expiry or the window frees one.
 */
export class SharedRateBudget {
  private readonly ledgers = new Map<string, PermitLedger>();
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly options: SharedRateBudgetOptions) {}

  async exchange(request: PermitExchange): Promise<PermitExchangeAnswer> {
    const ledger = this.ledgerOf(request.key);
    const renewed = ledger.renew(request.renew).map((permit) => permit.id);
    ledger.release(request.release);
    if (request.pauseMs) ledger.pause(request.pauseMs);
    if (request.release.length > 0 || request.pauseMs) this.wake(request.key);
    const now = this.options.now ?? Date.now;
    const deadline = now() + request.waitMs;
    for (;;) {
      const permits = request.want > 0 ? ledger.grant(request.lane, request.want) : [];
      const left = deadline - now();
      if (permits.length > 0 || request.want === 0 || left <= 0) {
        return { permits: permits.map(({ id, lane }) => ({ id, lane })), renewed, leaseMs: this.options.leaseMs };
      }
      const changeAt = ledger.nextChangeAt(request.lane);
      await this.changeOf(request.key, Math.min(left, changeAt === undefined ? left : Math.max(1, changeAt - now())));
    }
  }

  private ledgerOf(key: string): PermitLedger {
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      ledger = new PermitLedger({ ...this.options, newId: this.options.newId ?? randomUUID });
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }

  /** Resolves at the next release or pause of `key`, or after `ms`. */
  private changeOf(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(key) ?? new Set<() => void>();
      this.waiting.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  private wake(key: string): void {
    for (const waiter of [...(this.waiting.get(key) ?? [])]) waiter();
  }
}
