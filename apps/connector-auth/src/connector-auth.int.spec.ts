import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '@srw/contracts';
import { createLogger } from '@srw/observability';
import { createService, type Service } from '@srw/runtime';
import { announceSkip, formOf } from '@srw/test-support';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { SqliteTokenVault, TokenCipher, type StoredGrant, type TokenVault } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorAuthConfig } from './config';
import { connectorAuthService } from './connector-auth';

const publicBaseUrl = 'https://connector.example.test';
const serviceToken = randomBytes(24).toString('base64url');
const clientSecret = `client-secret-${randomBytes(12).toString('hex')}`;
const stateKey = randomBytes(32).toString('base64');
const keyRing = testKeyRing('k1');
const thirtyOneMinutes = 31 * 60_000;
const elevenMinutes = 11 * 60_000;

/** Where the service keeps its vault in one run of the suite, and how the test looks at it. */
interface VaultStorage {
  /** Added to the service's environment. */
  env: Record<string, string>;
  /** A second handle on the service's vault. */
  openVault(cipher: TokenCipher): Promise<TokenVault>;
  /** Everything the vault's storage holds, as text. */
  rawDump(): Promise<string>;
  cleanup(): Promise<void>;
}

const embeddedStorage = async (dataDir: string): Promise<VaultStorage> => ({
  env: {},
  openVault: async (cipher) => new SqliteTokenVault(join(dataDir, 'vault.sqlite'), cipher),
  // The file and its WAL: SQLite may keep a row's old versions in either.
  rawDump: async () =>
    readdirSync(dataDir)
      .filter((file) => file.startsWith('vault.sqlite'))
      .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
      .join(''),
  cleanup: async () => undefined,
});

const mongoStorage = (url: string) => async (): Promise<VaultStorage> => {
  const database = `connector_auth_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(url);
  return {
    env: { MONGODB_URL: url, MONGODB_DATABASE: database },
    openVault: async (cipher) => (await import('@srw/vault/mongo')).MongoTokenVault.connect(url, cipher, { database }),
    rawDump: async () => JSON.stringify(await client.db(database).collection('credentials').find({}).toArray()),
    cleanup: async () => {
      await client.db(database).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
};

function connectorAuthSuite(name: string, openStorage: (dataDir: string) => Promise<VaultStorage>): void {
  describe(name, () => {
    /** Every secret the run handles: none may appear in a log line, an event or the raw vault file. */
    const secrets = new Set<string>([serviceToken, clientSecret, stateKey, ...Object.values(keyRing.keys)]);
    /** Log lines the service wrote, captured whole. */
    const logLines: string[] = [];

    let sandbox: SrSandbox;
    let service: Service<ConnectorAuthConfig>;
    let dataDir: string;
    /** Our clock runs ahead of the real one by this much; the sandbox's is moved alongside it. */
    let offset = 0;
    /** Requests SR's token endpoint received from connector-auth, by grant type. */
    const tokenRequests = { authorization_code: 0, refresh_token: 0 };
    let tenants = 0;
    let storage: VaultStorage;
    let serviceEnv: Record<string, string>;

    /** A connector-auth on the suite's environment, its log captured; `adapters` shares another one's stores. */
    const createReplica = (adapters?: Service<ConnectorAuthConfig>['adapters']) =>
      createService(connectorAuthService({ clock: { now: () => Date.now() + offset }, fetch: countingFetch, lostGrantGraceMs: 0 }), {
        env: serviceEnv,
        logger: createLogger({ service: 'connector-auth' }, { level: 'debug', write: (line) => logLines.push(line) }),
        ...(adapters ? { adapters } : {}),
      });

    const countingFetch: typeof fetch = async (input, init) => {
      const grantType = init?.body instanceof URLSearchParams ? init.body.get('grant_type') : null;
      if (grantType === 'authorization_code' || grantType === 'refresh_token') tokenRequests[grantType]++;
      return fetch(input, init);
    };

    function advanceClocks(ms: number): void {
      offset += ms;
      sandbox.control.advanceClock(ms);
    }

    const authorized = { authorization: `Bearer ${serviceToken}` };
    const newTenant = () => `tenant-${++tenants}-${randomBytes(3).toString('hex')}`;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'connector-auth-'));
      storage = await openStorage(dataDir);
      sandbox = await startSrSandbox({
        port: 0,
        seed: { jobs: 2, candidates: 2 },
        rateLimit: false,
        client: { clientId: 'willo-connector', clientSecret, redirectUris: [`${publicBaseUrl}/oauth/callback`] },
      });
      serviceEnv = {
        PORT: '0',
        DATA_DIR: dataDir,
        EMBEDDED_DURABILITY: 'process',
        PUBLIC_BASE_URL: publicBaseUrl,
        SR_CLIENT_ID: 'willo-connector',
        SR_CLIENT_SECRET: clientSecret,
        SR_AUTHORIZE_URL: `${sandbox.url}/identity/oauth/allow`,
        SR_TOKEN_URL: `${sandbox.url}/identity/oauth/token`,
        VAULT_KEYS: Object.entries(keyRing.keys).map(([id, key]) => `${id}:${key}`).join(','),
        VAULT_CURRENT_KEY_ID: keyRing.currentKeyId,
        OAUTH_STATE_KEY: stateKey,
        INTERNAL_SERVICE_TOKEN: serviceToken,
        ...storage.env,
      };
      service = await createReplica();
      await service.start();
    });

    afterAll(async () => {
      await service?.stop();
      await sandbox?.close();
      await storage?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A second handle on the service's vault file, to see what it stored. */
    async function storedGrant(tenant: string): Promise<StoredGrant | undefined> {
      const vault = await storage.openVault(TokenCipher.fromConfig(keyRing));
      try {
        const grant = await vault.read(tenant);
        if (grant) [grant.accessToken, grant.refreshToken].forEach((token) => secrets.add(token));
        return grant;
      } finally {
        await vault.close();
      }
    }

    async function eventTypes(tenant: string): Promise<string[]> {
      return (await service.adapters.eventStore.readStream(streams.integration(tenant))).map((event) => event.type);
    }

    /**
     * Clicks Enable as config-api would, then follows the redirect to SR's consent page, submits it as a
     * browser would, and returns the callback URL SR sends the browser back to (not yet opened).
     */
    async function consent(tenant: string, decision: 'approve' | 'deny' = 'approve', userId = 'admin-1', via: 'redirect' | 'json' = 'redirect'): Promise<string> {
      let consentUrl: URL;
      if (via === 'json') {
        const answer = await fetch(`${service.url}/integrations/${tenant}/authorization-url?userId=${userId}`, { method: 'POST', headers: authorized });
        expect(answer.status).toBe(200);
        consentUrl = new URL(((await answer.json()) as { authorizationUrl: string }).authorizationUrl);
      } else {
        const connect = await fetch(`${service.url}/integrations/${tenant}/connect?userId=${userId}`, { headers: authorized, redirect: 'manual' });
        expect(connect.status).toBe(302);
        consentUrl = new URL(connect.headers.get('location')!);
      }
      expect(consentUrl.origin).toBe(sandbox.url);
      const page = await fetch(consentUrl);
      expect(page.status).toBe(200);
      const form = formOf(await page.text(), { name: 'decision', value: decision });
      const answer = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
      expect(answer.status).toBe(302);
      const callback = new URL(answer.headers.get('location')!);
      expect(`${callback.origin}${callback.pathname}`).toBe(`${publicBaseUrl}/oauth/callback`);
      const code = callback.searchParams.get('code');
      if (code) secrets.add(code);
      return callback.toString();
    }

    /** Opens the callback URL on the service, as the browser would reach it behind our public address. */
    function openCallback(callbackUrl: string): Promise<Response> {
      const callback = new URL(callbackUrl);
      return fetch(`${service.url}${callback.pathname}${callback.search}`, { headers: { accept: 'text/html' } });
    }

    async function connected(tenant: string): Promise<StoredGrant> {
      const answer = await openCallback(await consent(tenant));
      expect(answer.status).toBe(200);
      return (await storedGrant(tenant))!;
    }

    function accessToken(tenant: string, headers: Record<string, string> = authorized, baseUrl = service.url, rejectedToken?: string): Promise<Response> {
      return fetch(`${baseUrl}/internal/access-token`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, ...(rejectedToken ? { rejectedToken } : {}) }),
      });
    }

    async function issuedToken(tenant: string, baseUrl = service.url): Promise<{ accessToken: string; expiresAt: string }> {
      const answer = await accessToken(tenant, authorized, baseUrl);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { accessToken: string; expiresAt: string };
      secrets.add(body.accessToken);
      return body;
    }

    /** SR's own answer to the token: proves it is a live grant, not merely a string. */
    async function srAccepts(token: string): Promise<boolean> {
      const me = await fetch(`${sandbox.url}/user-api/v201804/users/me`, { headers: { authorization: `Bearer ${token}` } });
      await me.body?.cancel();
      return me.status === 200;
    }

    describe('enable through the SR consent page', () => {
      it('connects: IntegrationConnected in the event store, the grant encrypted in the vault, a token SR accepts', async () => {
        const tenant = newTenant();
        const answer = await openCallback(await consent(tenant));
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toContain('text/html');
        expect(await answer.text()).toContain('SmartRecruiters is connected');

        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected']);
        const [, connectedEvent] = await service.adapters.eventStore.readStream(streams.integration(tenant));
        expect(connectedEvent!.data).toMatchObject({ connectedBy: 'admin-1', scopes: expect.arrayContaining(['jobs_read', 'messages_write']) });

        const grant = await storedGrant(tenant);
        expect(grant?.version).toBe(1);
        const issued = await issuedToken(tenant);
        expect(issued.accessToken).toBe(grant!.accessToken);
        expect(Date.parse(issued.expiresAt)).toBe(grant!.expiresAt);
        expect(await srAccepts(issued.accessToken)).toBe(true);

        // Encrypted at rest: neither token is anywhere in the vault's files, in any form SQLite keeps.
        const raw = await storage.rawDump();
        expect(raw.length).toBeGreaterThan(0);
        expect(raw).toContain(`v1.${keyRing.currentKeyId}.`);
        for (const token of [grant!.accessToken, grant!.refreshToken]) expect(raw).not.toContain(token);
      });

      it('reconnects over an existing grant: the old one is replaced whole', async () => {
        const tenant = newTenant();
        const first = await connected(tenant);
        const second = await connected(tenant);
        expect(second.refreshToken).not.toBe(first.refreshToken);
        expect(second.version).toBe(1);
        expect((await issuedToken(tenant)).accessToken).toBe(second.accessToken);
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'IntegrationConnected']);
      });

      it('answers the consent URL as JSON to config-api (POST /integrations/:tenant/authorization-url), which connects as the redirect does', async () => {
        const tenant = newTenant();
        const refused = await fetch(`${service.url}/integrations/${tenant}/authorization-url?userId=u`, { method: 'POST' });
        expect(refused.status).toBe(401);
        const answer = await openCallback(await consent(tenant, 'approve', 'admin-1', 'json'));
        expect(answer.status).toBe(200);
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected']);
      });

      it('a declined consent (access_denied) answers a clear page and stores nothing', async () => {
        const tenant = newTenant();
        const callback = await consent(tenant, 'deny');
        expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
        const answer = await openCallback(callback);
        expect(answer.status).toBe(400);
        expect(await answer.text()).toContain('Access was declined on SmartRecruiters');
        expect(await storedGrant(tenant)).toBeUndefined();
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested']);
      });
    });

    describe('OAuth state refusals change nothing', () => {
      /** Opens `callbackUrl` expecting a 400 whose page says `because`, then checks nothing was exchanged, stored or appended. */
      async function expectRefused(tenant: string, callbackUrl: string, because: RegExp, eventsBefore: string[]) {
        const exchangesBefore = tokenRequests.authorization_code;
        const page = await openCallback(callbackUrl);
        expect(page.status).toBe(400);
        expect(await page.text()).toMatch(because);
        const json = await fetch(`${service.url}${new URL(callbackUrl).pathname}${new URL(callbackUrl).search}`);
        expect(json.status).toBe(400);
        expect(json.headers.get('content-type')).toBe('application/problem+json');
        expect(await json.json()).toMatchObject({ status: 400, type: 'urn:srw:problem:oauth-state' });
        expect(tokenRequests.authorization_code).toBe(exchangesBefore);
        expect(await eventTypes(tenant)).toEqual(eventsBefore);
      }

      it('refuses a forged state (tampered signature, or signed with another key)', async () => {
        const tenant = newTenant();
        const callback = new URL(await consent(tenant));
        const [payload, mac] = callback.searchParams.get('state')!.split('.') as [string, string];
        const tampered = new URL(callback);
        tampered.searchParams.set('state', `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`);
        await expectRefused(tenant, tampered.toString(), /not issued by us/, ['IntegrationEnableRequested']);
        // Another tenant's id in a payload we did not sign.
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t: string };
        const rewritten = new URL(callback);
        rewritten.searchParams.set('state', `${Buffer.from(JSON.stringify({ ...claims, t: 'victim' })).toString('base64url')}.${mac}`);
        await expectRefused(tenant, rewritten.toString(), /not issued by us/, ['IntegrationEnableRequested']);
        expect(await storedGrant(tenant)).toBeUndefined();
        expect(await eventTypes('victim')).toEqual([]);
      });

      it('refuses a replayed state: the second use of a callback changes nothing', async () => {
        const tenant = newTenant();
        const callback = await consent(tenant);
        expect((await openCallback(callback)).status).toBe(200);
        const grant = await storedGrant(tenant);
        await expectRefused(tenant, callback, /already used/, ['IntegrationEnableRequested', 'IntegrationConnected']);
        expect(await storedGrant(tenant)).toEqual(grant);
      });

      it('refuses a state older than 10 minutes', async () => {
        const tenant = newTenant();
        const callback = await consent(tenant);
        offset += elevenMinutes; // only our clock: SR's code would still be valid
        await expectRefused(tenant, callback, /has expired/, ['IntegrationEnableRequested']);
        expect(await storedGrant(tenant)).toBeUndefined();
      });

      it('refuses a callback without a state, and one with no code, as 400 problems', async () => {
        const missing = await fetch(`${service.url}/oauth/callback?code=abc`);
        expect(missing.status).toBe(400);
        expect(missing.headers.get('content-type')).toBe('application/problem+json');
      });
    });

    describe('POST /internal/access-token', () => {
      it('answers 401 problems without the service token or with a wrong one, 400 for a bad body', async () => {
        const tenant = newTenant();
        for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${serviceToken}x` }, { authorization: 'Basic abc' }]) {
          const answer = await accessToken(tenant, headers);
          expect(answer.status).toBe(401);
          expect(answer.headers.get('content-type')).toBe('application/problem+json');
          expect(answer.headers.get('www-authenticate')).toContain('Bearer');
        }
        const connect = await fetch(`${service.url}/integrations/${tenant}/connect?userId=u`, { redirect: 'manual' });
        expect(connect.status).toBe(401);
        for (const body of ['not json', JSON.stringify({ tenant: 'a:b' }), JSON.stringify({})]) {
          const answer = await fetch(`${service.url}/internal/access-token`, { method: 'POST', headers: authorized, body });
          expect(answer.status).toBe(400);
          expect(answer.headers.get('content-type')).toBe('application/problem+json');
        }
        const unknown = await accessToken(tenant);
        expect(unknown.status).toBe(409);
        expect(await unknown.json()).toMatchObject({ detail: expect.stringContaining('connect the integration first') });
      });

      it('given 50 concurrent requests at expiry, refreshes exactly once at SR and records the new expiry only', async () => {
        const tenant = newTenant();
        const grant = await connected(tenant);
        advanceClocks(thirtyOneMinutes);
        const refreshesBefore = sandbox.control.stats().tokenRefreshes;
        const requestsBefore = tokenRequests.refresh_token;

        const answers = await Promise.all(Array.from({ length: 50 }, () => issuedToken(tenant)));

        expect(sandbox.control.stats().tokenRefreshes - refreshesBefore).toBe(1);
        expect(tokenRequests.refresh_token - requestsBefore).toBe(1);
        const fresh = answers[0]!;
        expect(answers).toEqual(Array.from({ length: 50 }, () => fresh));
        expect(fresh.accessToken).not.toBe(grant.accessToken);
        expect(await srAccepts(fresh.accessToken)).toBe(true);
        const stored = await storedGrant(tenant);
        expect(stored).toMatchObject({ accessToken: fresh.accessToken, version: 2 });
        expect(stored!.refreshToken).not.toBe(grant.refreshToken);

        const events = await service.adapters.eventStore.readStream(streams.integration(tenant));
        expect(events.map((event) => event.type)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'AccessTokenRefreshed']);
        expect(events[2]!.data).toEqual({ expiresAt: fresh.expiresAt });
      });

      it('given 50 requests at expiry spread over two replicas sharing the vault, SR still sees exactly one refresh', async () => {
        // The second replica shares the first one's event store and opens the same vault and lease store itself.
        const replica = await createReplica({ ...service.adapters, close: async () => undefined });
        await replica.start();
        try {
          const tenant = newTenant();
          const grant = await connected(tenant);
          advanceClocks(thirtyOneMinutes);
          const refreshesBefore = sandbox.control.stats().tokenRefreshes;
          const requestsBefore = tokenRequests.refresh_token;

          const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => issuedToken(tenant, i % 2 === 0 ? service.url : replica.url)));

          expect(sandbox.control.stats().tokenRefreshes - refreshesBefore).toBe(1);
          expect(tokenRequests.refresh_token - requestsBefore).toBe(1);
          expect(answers).toEqual(Array.from({ length: 50 }, () => answers[0]));
          expect(answers[0]!.accessToken).not.toBe(grant.accessToken);
          expect(await srAccepts(answers[0]!.accessToken)).toBe(true);
          expect(await storedGrant(tenant)).toMatchObject({ accessToken: answers[0]!.accessToken, version: 2 });
          expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'AccessTokenRefreshed']);
        } finally {
          await replica.stop();
        }
      });

      it('a token SR answers 401 to is refreshed before its expiry; a revoked grant found that way is lost', async () => {
        const tenant = newTenant();
        const grant = await connected(tenant);
        const issued = await issuedToken(tenant);
        // SR refused the token (say, after a key rotation on its side): the caller reports it, gets a fresh one.
        offset += 1_000; // so the new expiry is later than the first one even on a fast machine
        const refreshed = await accessToken(tenant, authorized, service.url, issued.accessToken);
        expect(refreshed.status).toBe(200);
        const fresh = ((await refreshed.json()) as { accessToken: string }).accessToken;
        secrets.add(fresh);
        expect(fresh).not.toBe(grant.accessToken);
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'AccessTokenRefreshed']);

        // The grant revoked at SR, with no clock moved: the caller's 401 leads to the refusal of the refresh.
        sandbox.control.revokeGrants();
        expect(await srAccepts(fresh)).toBe(false);
        const lost = await accessToken(tenant, authorized, service.url, fresh);
        expect(lost.status).toBe(409);
        expect(await lost.json()).toMatchObject({ type: 'urn:srw:problem:authorization-lost', detail: expect.stringContaining('reauthorise') });
        expect((await eventTypes(tenant)).at(-1)).toBe('AuthorizationLost');
      });

      it('a revoked grant appends AuthorizationLost once and answers 409 saying reauthorise', async () => {
        const tenant = newTenant();
        await connected(tenant);
        sandbox.control.revokeGrants();
        advanceClocks(thirtyOneMinutes);
        for (let attempt = 0; attempt < 2; attempt++) {
          const answer = await accessToken(tenant);
          expect(answer.status).toBe(409);
          expect(answer.headers.get('content-type')).toBe('application/problem+json');
          expect(await answer.json()).toMatchObject({ type: 'urn:srw:problem:authorization-lost', detail: expect.stringContaining('reauthorise') });
        }
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'AuthorizationLost']);

        // Authorising again recovers: a new grant, connected again.
        await connected(tenant);
        expect(await srAccepts((await issuedToken(tenant)).accessToken)).toBe(true);
        expect((await eventTypes(tenant)).slice(3)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected']);
      });
    });

    describe('disconnect', () => {
      it('deletes the grant and appends IntegrationDisconnected; no token is handed out afterwards', async () => {
        const tenant = newTenant();
        await connected(tenant);
        await issuedToken(tenant);
        const answer = await fetch(`${service.url}/integrations/${tenant}/disconnect`, {
          method: 'POST',
          headers: { ...authorized, 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'admin-2', reason: 'switched off' }),
        });
        expect(answer.status).toBe(200);
        expect(await storedGrant(tenant)).toBeUndefined();
        expect(await eventTypes(tenant)).toEqual(['IntegrationEnableRequested', 'IntegrationConnected', 'IntegrationDisconnected']);
        expect((await accessToken(tenant)).status).toBe(409);

        // A callback for the disconnected tenant (its consent given before) stores nothing.
        const late = await consent(tenant);
        await fetch(`${service.url}/integrations/${tenant}/disconnect`, {
          method: 'POST',
          headers: { ...authorized, 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'admin-2' }),
        });
        expect((await openCallback(late)).status).toBe(409);
        expect(await storedGrant(tenant)).toBeUndefined();
      });
    });

    describe('disconnect on another replica', () => {
      it('stops this replica handing out the tokens it still held in memory, at once', async () => {
        const replica = await createReplica({ ...service.adapters, close: async () => undefined });
        await replica.start();
        try {
          const tenant = newTenant();
          await connected(tenant);
          expect(await srAccepts((await issuedToken(tenant, replica.url)).accessToken)).toBe(true);
          const answer = await fetch(`${service.url}/integrations/${tenant}/disconnect`, {
            method: 'POST',
            headers: { ...authorized, 'content-type': 'application/json' },
            body: JSON.stringify({ userId: 'admin-3' }),
          });
          expect(answer.status).toBe(200);
          expect((await accessToken(tenant, authorized, replica.url)).status).toBe(409);
          // Reconnected through the first replica: the other one serves the new grant, not the old.
          const grant = await connected(tenant);
          expect((await issuedToken(tenant, replica.url)).accessToken).toBe(grant.accessToken);
        } finally {
          await replica.stop();
        }
      });
    });

    describe('secrets', () => {
      it('appear in no captured log line and in no event of the whole store', async () => {
        const events = await service.adapters.eventStore.readAll();
        expect(events.length).toBeGreaterThan(10);
        expect(logLines.some((line) => line.includes('integration connected'))).toBe(true);
        expect(logLines.some((line) => line.includes('SR access token refreshed'))).toBe(true);
        // Tokens, codes, the client secret, the service token and every key seen during the run.
        expect(secrets.size).toBeGreaterThan(20);
        const eventJson = events.map((event) => JSON.stringify(event));
        for (const secret of secrets) {
          expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
          expect(eventJson.filter((json) => json.includes(secret))).toEqual([]);
        }
      });
    });
  });
}

connectorAuthSuite('connector-auth, vault on embedded SQLite', embeddedStorage);

// Set by .ci/run or tools/infra.sh (FerretDB here); the global setup fails the run in CI when it is missing.
const mongoUrl = process.env['MONGODB_URL'];
if (mongoUrl) connectorAuthSuite(`connector-auth, vault on MongoDB wire (${mongoUrl})`, mongoStorage(mongoUrl));
else announceSkip('connector-auth with the MongoDB vault', 'MONGODB_URL not set and no container runtime');
