import type { Logger } from '@srw/observability';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { ensureSrWebhookSubscription, srWebhookCallbackUrl, type SrWebhookKeys } from '@srw/sr-sync';
import type { LeaseStore } from '../scheduler/lease-store/lease-store.port';
import type { SchedulerClock } from '../scheduler/scheduler-clock';

export interface WebhookSubscriptionsDeps {
  srClientFor(tenantId: string): SmartRecruitersClient;
  keys: SrWebhookKeys;
  leases: LeaseStore;
  clock: SchedulerClock;
  replicaId: string;
  /** The service's public base URL; undefined: webhooks are off and polling alone syncs. */
  publicBaseUrl(): string | undefined;
  /** After a failed subscribe, the next attempt comes this much later. */
  retryDelayMs: number;
  logger?: Logger;
}

type Wanted = { connected: true; scopes: readonly string[] } | { connected: false };

/** The lease that lets one replica at a time manage a tenant's subscription (two could create two). */
const leaseKeyOf = (tenantId: string) => `sr-webhooks:${tenantId}`;
const leaseTtlMs = 60_000;

/**
 * Keeps each tenant's SR webhook subscription as its integration events want it: subscribed while
 * connected with a grant whose scopes allow webhooks (`ensureSrWebhookSubscription`: reuse or create,
 * signing key stored before activation, `X-Hook-Secret` handshake), its signing keys forgotten once
 * disconnected. Work per tenant is serial and coalesced: a replay of the topic (every replica's start)
 * ends in an ensure per connected tenant on whatever state the last event left, which re-ensures
 * after a restart. Across replicas a lease per tenant lets one of them do it; a replica refused the
 * lease leaves it to the holder, which folds the same events. A failed ensure is tried again after
 * `retryDelayMs`; the polls go on meanwhile.
 */
export class WebhookSubscriptions {
  private readonly wanted = new Map<string, Wanted>();
  private readonly working = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retries = new Map<string, () => void>();
  private stopped = false;

  constructor(private readonly deps: WebhookSubscriptionsDeps) {}

  connected(tenantId: string, scopes: readonly string[]): void {
    this.want(tenantId, { connected: true, scopes });
  }

  disconnected(tenantId: string): void {
    this.want(tenantId, { connected: false });
  }

  /** Resolves once no tenant's work is under way. */
  async settled(): Promise<void> {
    while (this.working.size > 0) await Promise.all(this.working.values());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.retries.values()) cancel();
    this.retries.clear();
    await this.settled();
  }

  private want(tenantId: string, wanted: Wanted): void {
    this.wanted.set(tenantId, wanted);
    this.retries.get(tenantId)?.();
    this.retries.delete(tenantId);
    if (this.stopped) return;
    if (this.working.has(tenantId)) {
      this.again.add(tenantId);
      return;
    }
    const work = (async () => {
      do {
        this.again.delete(tenantId);
        await this.reconcile(tenantId);
      } while (this.again.has(tenantId) && !this.stopped);
    })().finally(() => this.working.delete(tenantId));
    this.working.set(tenantId, work);
  }

  private async reconcile(tenantId: string): Promise<void> {
    const wanted = this.wanted.get(tenantId);
    const baseUrl = this.deps.publicBaseUrl();
    if (!wanted || (wanted.connected && baseUrl === undefined)) return;
    const { clock, leases, replicaId, logger } = this.deps;
    try {
      const lease = await leases.acquire(leaseKeyOf(tenantId), replicaId, leaseTtlMs, clock.now());
      if (!lease) return;
      try {
        if (wanted.connected) await this.subscribe(tenantId, baseUrl as string, wanted.scopes);
        else {
          // connector-auth deletes the grant on disconnect, so SR can no longer be asked to drop the
          // subscription; without its keys every delivery is refused (401) until SR gives up.
          await this.deps.keys.forget(tenantId);
          logger?.info('SR webhook keys forgotten', { tenantId });
        }
      } finally {
        await leases.release(lease, clock.now()).catch(() => undefined);
      }
    } catch (error) {
      logger?.warn('SR webhook subscription failed: polling only until it is tried again', { tenantId, error: error instanceof Error ? error.message : String(error) });
      this.retryLater(tenantId);
    }
  }

  private async subscribe(tenantId: string, baseUrl: string, scopes: readonly string[]): Promise<void> {
    const client = this.deps.srClientFor(tenantId);
    const input = { tenant: tenantId, callbackUrl: srWebhookCallbackUrl(baseUrl, tenantId), keys: this.deps.keys, grantedScopes: scopes };
    const result = await ensureSrWebhookSubscription(client, input);
    if (result.status === 'active') this.deps.logger?.info('SR webhooks subscribed', { tenantId, subscriptionId: result.subscriptionId, reused: result.reused });
    else this.deps.logger?.info('SR webhooks not available: polling only', { tenantId, reason: result.reason });
  }

  private retryLater(tenantId: string): void {
    if (this.stopped) return;
    const cancel = this.deps.clock.setTimer(this.deps.retryDelayMs, () => {
      this.retries.delete(tenantId);
      const wanted = this.wanted.get(tenantId);
      if (wanted) this.want(tenantId, wanted);
    });
    this.retries.set(tenantId, cancel);
  }
}
