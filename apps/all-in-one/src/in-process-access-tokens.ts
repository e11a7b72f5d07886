import { TransientError } from '@srw/errors';
import type { SubApp } from '@srw/runtime';
import type { AccessTokenSource } from '@srw/smartrecruiters';
import { Hono } from 'hono';

export interface InProcessAccessTokensOptions {
  /** connector-auth's `/internal` sub-app: `POST /access-token`. */
  internal: SubApp;
  serviceToken: string;
  tenant: string;
  now: () => number;
  /** Asks again this long before the token's expiry (default 60 s). */
  refreshSkewMs?: number;
}

/**
 * sr-poller's access tokens in the all-in-one: asked of connector-auth's `POST /internal/access-token`
 * in-process (no socket, so it works with `PORT=0` too). connector-auth stays the only writer of SR
 * tokens: it refreshes and stores them, and records a lost grant. Its errors reach the caller as
 * thrown (`AuthorizationLostError`, `ConflictError`, …). Cached until shortly before expiry;
 * concurrent callers share one request.
 */
export class InProcessAccessTokens implements AccessTokenSource {
  private readonly app: Hono;
  private cached: { accessToken: string; expiresAt: number } | undefined;
  private rejectedToken: string | undefined;
  private asking: Promise<string> | undefined;

  constructor(private readonly options: InProcessAccessTokensOptions) {
    // Errors go on up to the caller instead of the sub-app's plain 500.
    this.app = new Hono().route('/', options.internal);
    this.app.onError((error) => {
      throw error;
    });
  }

  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - (this.options.refreshSkewMs ?? 60_000) > this.options.now()) return this.cached.accessToken;
    this.asking ??= this.ask().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  rejected(token: string): void {
    if (this.cached?.accessToken === token) this.cached = undefined;
    this.rejectedToken = token;
  }

  private async ask(): Promise<string> {
    const body = { tenant: this.options.tenant, ...(this.rejectedToken ? { rejectedToken: this.rejectedToken } : {}) };
    const response = await this.app.request('/access-token', {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.serviceToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => undefined)) as { accessToken?: string; expiresAt?: string } | undefined;
    const expiresAt = Date.parse(answer?.expiresAt ?? '');
    if (!response.ok || typeof answer?.accessToken !== 'string' || !Number.isFinite(expiresAt)) {
      throw new TransientError(`connector-auth's access-token endpoint answered ${response.status} for tenant ${this.options.tenant}`);
    }
    this.cached = { accessToken: answer.accessToken, expiresAt };
    this.rejectedToken = undefined;
    return answer.accessToken;
  }
}
