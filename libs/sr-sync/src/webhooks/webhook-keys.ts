/**
 * The signing keys of each tenant's SR webhook subscription, as the intake verifies deliveries with.
 * `remember` adds a key (a rotated-out key stays valid at SR for 24 h, so it is kept beside the new
 * one); `keysOf` lists them, none for a tenant without a subscription (its deliveries are refused).
 */
export interface SrWebhookKeys {
  keysOf(tenant: string): Promise<readonly string[]>;
  remember(tenant: string, key: string): Promise<void>;
}

/**
 * The embedded twin: one process, no persistence. Enough for production too as long as
 * `ensureSrWebhookSubscription` runs at start-up: it reads the latest key back from SR, and SR signs
 * every delivery with every live key, the latest included.
 */
export class InMemorySrWebhookKeys implements SrWebhookKeys {
  private readonly keys = new Map<string, string[]>();

  async keysOf(tenant: string): Promise<readonly string[]> {
    return this.keys.get(tenant) ?? [];
  }

  async remember(tenant: string, key: string): Promise<void> {
    const known = this.keys.get(tenant) ?? [];
    if (!known.includes(key)) this.keys.set(tenant, [...known, key].slice(-16));
  }
}
