import { SandboxHttpError } from './sandbox-error';

export interface SandboxRateLimits {
  perSecond: number;
  perMinute: number;
  perDay: number;
  /** [DOCS] Willo answers an exceeded quota with 403 or 429; which one is not said. */
  status: 403 | 429;
  /** No rate-limit headers are documented; DRF sends `Retry-After` on 429, so it can be switched on. */
  sendRetryAfter: boolean;
}

/** Per-organisation sliding windows of request times: a second, a minute and a day. */
export class OrganisationQuotas {
  private readonly seen = new Map<string, number[]>();

  constructor(
    public limits: SandboxRateLimits,
    private readonly now: () => number,
  ) {}

  /** Counts the request, or throws the throttled answer without counting it. */
  take(organisationId: string): void {
    const now = this.now();
    const times = (this.seen.get(organisationId) ?? []).filter((t) => t > now - 86_400_000);
    const windows = [
      { limit: this.limits.perSecond, ms: 1_000, name: 'second' },
      { limit: this.limits.perMinute, ms: 60_000, name: 'minute' },
      { limit: this.limits.perDay, ms: 86_400_000, name: 'day' },
    ];
    for (const window of windows) {
      const inWindow = times.filter((t) => t > now - window.ms);
      if (inWindow.length >= window.limit) {
        const waitMs = (inWindow[0] ?? now) + window.ms - now;
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        const detail =
          this.limits.status === 429
            ? `Request was throttled. Expected available in ${seconds} seconds.`
            : `API quota exceeded (${window.limit} requests per ${window.name}). Try again later.`;
        const headers: Record<string, string> = this.limits.sendRetryAfter ? { 'retry-after': String(seconds) } : {};
        this.seen.set(organisationId, times);
        throw new SandboxHttpError(this.limits.status, detail, headers);
      }
    }
    times.push(now);
    this.seen.set(organisationId, times);
  }
}
