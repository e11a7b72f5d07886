/**
 * The signing keys of each tenant's SR webhook subscription, as the intake verifies deliveries with.
 * `remember` adds a key (a rotated-out key stays valid at SR for 24 h, so it is kept beside the new
 * one); `keysOf` lists them, none for a tenant without a subscription (its deliveries are refused);
 * `forget` drops a disconnected tenant's. Persistent and shared by replicas: `@srw/vault`'s
 * `WebhookKeyStore` (encrypted at rest, SQLite or MongoDB).
 */
export interface SrWebhookKeys {
  keysOf(tenant: string): Promise<readonly string[]>;
  remember(tenant: string, key: string): Promise<void>;
  forget(tenant: string): Promise<void>;
}

/**
 * The in-memory twin, for tests: one process, no persistence (a restarted process verifies again only
 * once `ensureSrWebhookSubscription` has read the latest key back from SR).
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

  async forget(tenant: string): Promise<void> {
    this.keys.delete(tenant);
  }
}
