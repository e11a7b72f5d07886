import type { SrSandbox } from '@srw/sr-sandbox';
import type { RateLimiter } from '@srw/http-kit';
import { OAuthAccessTokens } from '../oauth/access-tokens';
import { SrOAuthClient } from '../oauth/oauth-token-client';
import { InMemoryTokenStore } from '../oauth/token-store';
import { integrationScopes } from '../scopes';
import { SmartRecruitersClient } from '../sr-client';
import type { RetryPolicy, SrSettings } from '../sr-settings';

export interface ConnectOptions {
  scopes?: string[];
  /** `consent-page` walks the sandbox's authorize page like a browser; `control` skips it. */
  via?: 'consent-page' | 'control';
  /** Defaults to a fresh id, so each connection gets its own rate budget, as a new grant would. */
  credentialId?: string;
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  settings?: Partial<SrSettings>;
  /** Wraps the client's API calls (not token requests), e.g. to count them. */
  fetch?: typeof fetch;
}

export interface SandboxConnection {
  client: SmartRecruitersClient;
  tokens: OAuthAccessTokens;
  store: InMemoryTokenStore;
  oauth: SrOAuthClient;
  /** Moves the client's clock (the sandbox's moves separately, with `control.advanceClock`). */
  advanceClock(ms: number): void;
}

let connections = 0;

/** A client authorized against a running sandbox, with an in-memory token store. */
export async function connectToSandbox(sandbox: SrSandbox, options: ConnectOptions = {}): Promise<SandboxConnection> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const redirectUri = sandbox.client.redirectUris[0] as string;
  const oauth = new SrOAuthClient({
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    redirectUri,
    tokenUrl: `${sandbox.url}/identity/oauth/token`,
    now,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const scopes = options.scopes ?? integrationScopes();
  const store = new InMemoryTokenStore();
  if (options.via === 'consent-page') {
    const code = await approveOnConsentPage(sandbox.url, sandbox.client.clientId, redirectUri, scopes);
    await store.compareAndSwap(undefined, await oauth.exchangeCode(code));
  } else {
    const issued = sandbox.control.issueGrant(scopes);
    await store.compareAndSwap(undefined, {
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: now() + issued.expires_in * 1000,
      scopes: issued.scope.split(' '),
    });
  }
  const tokens = new OAuthAccessTokens(store, oauth, { now });
  const client = new SmartRecruitersClient({
    baseUrl: sandbox.url,
    credentialId: options.credentialId ?? `sandbox-${++connections}-${Date.now()}`,
    auth: tokens,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { client, tokens, store, oauth, advanceClock: (ms) => (offset += ms) };
}

/** Loads the consent page, posts "Allow" and returns the code from the redirect. */
export async function approveOnConsentPage(
  baseUrl: string,
  clientId: string,
  redirectUri: string,
  scopes: string[],
  decision: 'approve' | 'deny' = 'approve',
  state = 'test-state',
): Promise<string> {
  const query = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state });
  const page = await fetch(`${baseUrl}/identity/oauth/allow?${query}`);
  if (!page.ok) throw new Error(`consent page answered ${page.status}`);
  await page.text();
  const form = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state, decision });
  const answer = await fetch(`${baseUrl}/identity/oauth/allow`, { method: 'POST', body: form, redirect: 'manual' });
  const location = new URL(answer.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (location.searchParams.get('state') !== state) throw new Error('state was not echoed');
  if (!code) throw new Error(`no code: ${location.searchParams.get('error')}`);
  return code;
}
