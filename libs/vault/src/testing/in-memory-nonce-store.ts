import type { NonceStore } from '../oauth-state/nonce-store.port';

/** The in-process twin of {@link NonceStore}, for unit specs: one process, no persistence. */
export class InMemoryNonceStore implements NonceStore {
  private readonly used = new Map<string, number>();

  async claim(nonce: string, expiresAt: number): Promise<boolean> {
    if (this.used.has(nonce)) return false;
    this.used.set(nonce, expiresAt);
    return true;
  }

  async purgeExpired(now: number): Promise<number> {
    let purged = 0;
    for (const [nonce, expiresAt] of this.used) {
      if (expiresAt <= now && this.used.delete(nonce)) purged++;
    }
    return purged;
  }

  async close(): Promise<void> {}
}
