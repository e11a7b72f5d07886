import { AuthorizationLostError } from '@srw/errors';
import { type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthorizeUrl } from './oauth/authorize-url';
import { integrationScopes } from './scopes';
import { approveOnConsentPage, connectToSandbox } from './testing';

const thirtyOneMinutes = 31 * 60_000;

describe('OAuth against the sandbox', () => {
  let sandbox: SrSandbox;
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { jobs: 20, candidates: 50 } });
  });
  afterAll(() => sandbox.close());

  it('serves the consent page for the URL we build, and a denial redirects with access_denied', async () => {
    const url = buildAuthorizeUrl({
      clientId: sandbox.client.clientId,
      redirectUri: sandbox.client.redirectUris[0] as string,
      scopes: integrationScopes(),
      state: 'tenant-1',
      authorizeUrl: `${sandbox.url}/identity/oauth/allow`,
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('messages_write');
    await expect(
      approveOnConsentPage(sandbox.url, sandbox.client.clientId, sandbox.client.redirectUris[0] as string, ['jobs_read'], 'deny'),
    ).rejects.toThrow(/access_denied/);
  });

  it('exchanges the code from an approval and calls SR with the grant', async () => {
    const { client, store } = await connectToSandbox(sandbox, { via: 'consent-page' });
    expect((await store.read())?.scopes).toEqual(integrationScopes());
    const me = await client.users.me();
    expect(me.role).toBe('ADMINISTRATOR');
  });

  it('rotates the refresh token: the old one is rejected after use', async () => {
    const { oauth, store } = await connectToSandbox(sandbox);
    const first = (await store.read())?.refreshToken as string;
    const second = await oauth.refresh(first);
    expect(second.refreshToken).not.toBe(first);
    await expect(oauth.refresh(first)).rejects.toBeInstanceOf(AuthorizationLostError);
    const third = await oauth.refresh(second.refreshToken);
    expect([first, second.refreshToken]).not.toContain(third.refreshToken);
  });

  it('given 50 concurrent callers at token expiry, makes exactly one refresh', async () => {
    const connection = await connectToSandbox(sandbox);
    await connection.client.users.me();
    sandbox.control.advanceClock(thirtyOneMinutes);
    connection.advanceClock(thirtyOneMinutes);
    const before = sandbox.control.stats().tokenRefreshes;
    const results = await Promise.all(Array.from({ length: 50 }, () => connection.client.jobs.hiringProcesses()));
    // Every caller got the same, real answer (not merely 50 answers).
    expect(results[0]!.length).toBeGreaterThan(0);
    expect(results).toEqual(Array.from({ length: 50 }, () => results[0]));
    expect(sandbox.control.stats().tokenRefreshes - before).toBe(1);
    expect(connection.store.writes).toBe(2); // the grant, then the one rotation
  });

  it('recovers with one refresh when SR rejects a token the client still thinks valid', async () => {
    const connection = await connectToSandbox(sandbox);
    sandbox.control.advanceClock(thirtyOneMinutes); // only the server's clock moves
    const before = sandbox.control.stats().tokenRefreshes;
    await expect(connection.client.jobs.hiringProcesses()).resolves.not.toHaveLength(0);
    expect(sandbox.control.stats().tokenRefreshes - before).toBe(1);
  });

  it('surfaces a revoked grant as AuthorizationLostError', async () => {
    const connection = await connectToSandbox(sandbox);
    await connection.client.users.me();
    sandbox.control.revokeGrants();
    await expect(connection.client.users.me()).rejects.toBeInstanceOf(AuthorizationLostError);
  });
});
