import { AuthorizationLostError, UpstreamError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { SrOAuthClient } from './oauth-token-client';

const now = 1_000_000;

function clientAnswering(status: number, body: unknown) {
  const sent: { headers: Headers; body: URLSearchParams }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    sent.push({ headers: new Headers(init.headers), body: new URLSearchParams(init.body as URLSearchParams) });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  const client = new SrOAuthClient({ clientId: 'cid', clientSecret: 'top-secret', redirectUri: 'https://app.test/cb', tokenUrl: 'https://sr.test/identity/oauth/token', fetch, now: () => now });
  return { client, sent };
}

describe('SrOAuthClient', () => {
  it('sends RFC 6749 parameters and reads seconds, also when expires_in comes as a string', async () => {
    const { client, sent } = clientAnswering(200, { access_token: 'at', refresh_token: 'rt2', expires_in: '1800', token_type: 'Bearer' });
    const tokens = await client.refresh('rt1');
    expect(tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt2', expiresAt: now + 1_800_000 });
    expect(Object.fromEntries(sent[0]?.body ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt1', client_id: 'cid', client_secret: 'top-secret' });
  });

  it('turns invalid_grant into AuthorizationLostError, other refusals into UpstreamError, without the secret', async () => {
    const lost = await clientAnswering(400, { error: 'invalid_grant', error_description: 'used' }).client.refresh('rt1').catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(AuthorizationLostError);
    const refused = await clientAnswering(401, { error: 'invalid_client' }).client.exchangeCode('code').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpstreamError);
    for (const error of [lost, refused]) expect(String((error as Error).message)).not.toContain('top-secret');
  });

  it('fails a token answer that is not JSON with an UpstreamError quoting its start', async () => {
    const error = await clientAnswering(200, '<html>Sign in</html>').client.refresh('rt1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('SR token endpoint answered 200 with a body that is not JSON: <html>Sign in</html>');
  });
});
