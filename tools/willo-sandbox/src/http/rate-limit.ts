import { SandboxHttpError } from './sandbox-http-error';

export interface RateLimitSettings {
  perSecond: number;
  perMinute: number;
  perDay: number;
  /** [DOCS] Willo answers an exceeded quota with 403 or 429; which one is not said. */
  status: 403 | 429;
  /** No rate-limit headers are documented; DRF sends `Retry-After` on 429, so it can be switched on. */
  sendRetryAfter: boolean;
}

/**
 * Per-organisation windows of request times: sliding ones of a second and a minute, and the calendar day.
 * ASSUMED, as on the client (`libs/willo/README.md` §8): the daily quota resets at 00:00 UTC.
 */
export class OrganisationQuotas {
  private readonly seen = new Map<string, number[]>();

  constructor(
    public limits: RateLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Counts the request, or throws the throttled answer without counting it. */
  take(organisationId: string): void {
    const now = this.now();
    const dayStart = now - (now % 86_400_000);
    const times = (this.seen.get(organisationId) ?? []).filter((t) => t >= Math.min(dayStart, now - 60_000));
    const windows = [
      { limit: this.limits.perSecond, since: now - 1_000, freesAt: (oldest: number) => oldest + 1_000, name: 'second' },
      { limit: this.limits.perMinute, since: now - 60_000, freesAt: (oldest: number) => oldest + 60_000, name: 'minute' },
      { limit: this.limits.perDay, since: dayStart - 1, freesAt: () => dayStart + 86_400_000, name: 'day' },
    ];
    for (const window of windows) {
      const inWindow = times.filter((t) => t > window.since);
      if (inWindow.length >= window.limit) {
        const waitMs = window.freesAt(inWindow[0] ?? now) - now;
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
