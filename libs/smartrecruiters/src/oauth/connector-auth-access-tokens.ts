import { AuthorizationLostError, ConflictError, TransientError, UpstreamError } from '@srw/errors';
import type { AccessTokenSource } from './access-tokens';

export interface ConnectorAuthAccessTokensOptions {
  /** connector-auth's base URL (`CONNECTOR_AUTH_URL`). */
  baseUrl: string;
  /** Bearer of its internal endpoints (`INTERNAL_SERVICE_TOKEN`). */
  serviceToken: string;
  tenant: string;
  /** Asks again this long before the token's expiry (default 60 s). */
  refreshSkewMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const authorizationLost = 'urn:srw:problem:authorization-lost';

/**
 * Access tokens of one tenant from connector-auth (`POST /internal/access-token`), the only holder of
 * SR refresh tokens. Cached until shortly before expiry; concurrent callers share one request.
 */
export class ConnectorAuthAccessTokens implements AccessTokenSource {
  private cached: { accessToken: string; expiresAt: number } | undefined;
  private rejectedToken: string | undefined;
  private asking: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly skewMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ConnectorAuthAccessTokensOptions) {
    this.now = options.now ?? Date.now;
    this.skewMs = options.refreshSkewMs ?? 60_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.skewMs > this.now()) return this.cached.accessToken;
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
    let response: Response;
    try {
      response = await this.fetch(new URL('/internal/access-token', this.options.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.serviceToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new TransientError(`connector-auth unreachable: ${(error as Error).message}`, { cause: error });
    }
    const answer = (await response.json().catch(() => undefined)) as { accessToken?: string; expiresAt?: string; type?: string; detail?: string } | undefined;
    const expiresAt = Date.parse(answer?.expiresAt ?? '');
    if (response.ok && typeof answer?.accessToken === 'string' && Number.isFinite(expiresAt)) {
      this.cached = { accessToken: answer.accessToken, expiresAt };
      this.rejectedToken = undefined;
      return answer.accessToken;
    }
    const detail = `connector-auth answered ${response.status} for tenant ${this.options.tenant}${answer?.detail ? `: ${answer.detail}` : ''}`;
    if (response.status === 409 && answer?.type === authorizationLost) throw new AuthorizationLostError(detail);
    if (response.status === 409) throw new ConflictError(detail);
    if (response.status >= 500) throw new TransientError(detail);
    throw new UpstreamError(detail, response.status, answer, { retryable: false });
  }
}
