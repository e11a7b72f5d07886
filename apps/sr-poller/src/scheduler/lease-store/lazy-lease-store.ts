import type { Lease, LeaseStore } from './lease-store.port';

/**
 * A lease store opened on first use (and again after a failed open), so a service's parts can be
 * built synchronously and a store that starts late only delays the first sync.
 */
export class LazyLeaseStore implements LeaseStore {
  private opening: Promise<LeaseStore> | undefined;

  constructor(private readonly open: () => Promise<LeaseStore>) {}

  acquire(key: string, owner: string, ttlMs: number, now: number): Promise<Lease | undefined> {
    return this.store().then((store) => store.acquire(key, owner, ttlMs, now));
  }

  renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | undefined> {
    return this.store().then((store) => store.renew(lease, ttlMs, now));
  }

  release(lease: Lease, now: number): Promise<boolean> {
    return this.store().then((store) => store.release(lease, now));
  }

  holder(key: string, now: number): Promise<Lease | undefined> {
    return this.store().then((store) => store.holder(key, now));
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }

  private store(): Promise<LeaseStore> {
    return (this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    }));
  }
}
