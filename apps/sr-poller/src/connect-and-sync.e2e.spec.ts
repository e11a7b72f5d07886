import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEvent, streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { appendEvents } from '@srw/runtime';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { eventually, freePort } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The production token path, each app in its own process on the embedded files they share:
 * connector-auth (OAuth through the sandbox's consent page, the vault, `POST /internal/access-token`)
 * and sr-poller (asks connector-auth for tokens with the service token, syncs from the SR sandbox).
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const pollerMain = fileURLToPath(new URL('./main.ts', import.meta.url));
const connectorAuthMain = fileURLToPath(new URL('../../connector-auth/src/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sr-poller-e2e-'));
const jobCount = 150;

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(main: string, extraEnv: Record<string, string>): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, EMBEDDED_DURABILITY: 'process', ...extraEnv };
  for (const key of ['KAFKA_BROKERS', 'MONGODB_URL', 'ESDB_URL']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', main], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('connect through connector-auth → sr-poller syncs with its tokens (two processes)', () => {
  let sandbox: SrSandbox;
  const running: ChildProcess[] = [];
  let authPort: number;
  const serviceToken = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    authPort = await freePort();
    sandbox = await startSrSandbox({
      port: 0,
      seed: { jobs: jobCount, candidates: 50 },
      rateLimit: false,
      client: { clientId: 'willo-connector', clientSecret: randomBytes(16).toString('hex'), redirectUris: [`http://127.0.0.1:${authPort}/oauth/callback`] },
    });
  });
  afterAll(async () => {
    // Only when a test failed: the processes it started.
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('IntegrationConnected from the OAuth callback → the initial sync runs with tokens from connector-auth; a revoked grant fails the next run as AUTHORIZATION_LOST', async () => {
    const ring = testKeyRing('k1');
    const auth = startMain(connectorAuthMain, {
      PORT: String(authPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${authPort}`,
      SR_CLIENT_ID: sandbox.client.clientId,
      SR_CLIENT_SECRET: sandbox.client.clientSecret,
      SR_AUTHORIZE_URL: `${sandbox.url}/identity/oauth/allow`,
      SR_TOKEN_URL: `${sandbox.url}/identity/oauth/token`,
      VAULT_KEYS: `k1:${ring.keys['k1']}`,
      VAULT_CURRENT_KEY_ID: 'k1',
      OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
      INTERNAL_SERVICE_TOKEN: serviceToken,
    });
    running.push(auth.child);
    const authUrl = `http://127.0.0.1:${authPort}`;
    const poller = startMain(pollerMain, { PORT: '0', VAULT_KEYS: `k1:${ring.keys['k1']}`, VAULT_CURRENT_KEY_ID: 'k1', SR_API_URL: sandbox.url, CONNECTOR_AUTH_URL: authUrl, INTERNAL_SERVICE_TOKEN: serviceToken, SR_POLLER_REPLICA_ID: 'e2e' });
    running.push(poller.child);
    await eventually(async () => (await fetch(`${authUrl}/readyz`).catch(() => undefined))?.status === 200 || undefined, { what: 'connector-auth ready', timeoutMs: 60_000 });
    await eventually(() => poller.output().includes('"message":"started"') || undefined, { what: `sr-poller started (${poller.output()})`, timeoutMs: 60_000 });

    // The admin: connect, approve on SR's consent page, come back to the callback.
    const connect = await fetch(`${authUrl}/integrations/acme/connect?userId=admin&plan=scale`, { headers: { authorization: `Bearer ${serviceToken}` }, redirect: 'manual' });
    expect(connect.status).toBe(302);
    const consent = new URL(connect.headers.get('location')!);
    await (await fetch(consent)).text();
    const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), decision: 'approve' });
    const approved = await fetch(`${sandbox.url}/identity/oauth/allow`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = await fetch(approved.headers.get('location')!, { headers: { accept: 'application/json' } });
    expect(callback.status, await callback.clone().text()).toBeLessThan(400);

    const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    try {
      const completed = await eventually(
        async () => (await store.readAll({ streamPrefixes: ['syncRun-acme:'] })).find((e) => e.type === 'SyncRunCompleted'),
        { what: `acme's initial run completed (poller output: ${poller.output().slice(-2000)})`, timeoutMs: 60_000 },
      );
      expect(completed.stream).toMatch(/^syncRun-acme:initial-/);
      const jobs = (await store.readAll({ streamPrefixes: ['srJob-acme:'] })).filter((e) => e.type === 'JobObserved');
      expect(jobs).toHaveLength(jobCount);

      // The grant revoked at SR, then "sync now" (as config-api appends it): SR's 401 makes the poller
      // hand the token back, connector-auth's refresh is refused, the run fails as AUTHORIZATION_LOST
      // and connector-auth records AuthorizationLost, which unschedules the tenant.
      sandbox.control.revokeGrants();
      const metadata = { tenantId: 'acme', correlationId: 'sync-now', causationId: 'sync-now', observedAt: new Date().toISOString() };
      await appendEvents(store, streams.integration('acme'), [{ event: createEvent('SyncRequested', { kind: 'incremental', requestedBy: 'admin' }, metadata) }]);
      const failed = await eventually(
        async () => (await store.readAll({ streamPrefixes: ['syncRun-acme:'] })).find((e) => e.type === 'SyncRunFailed'),
        { what: `the run after the revocation failed (poller output: ${poller.output().slice(-2000)})`, timeoutMs: 60_000 },
      );
      expect(failed.stream).toMatch(/^syncRun-acme:incremental-/);
      expect(failed.data).toMatchObject({ error: { code: 'AUTHORIZATION_LOST' }, retryable: false });
      await eventually(async () => (await store.readStream(streams.integration('acme'))).some((e) => e.type === 'AuthorizationLost') || undefined, {
        what: 'AuthorizationLost recorded by connector-auth',
      });
    } finally {
      await store.close();
    }

    for (const app of [poller, auth]) app.child.kill('SIGTERM');
    expect(await poller.exited).toBe(0);
    expect(await auth.exited).toBe(0);
    expect(poller.output()).not.toContain(serviceToken);
  });
});
