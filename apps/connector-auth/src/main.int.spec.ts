import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { eventually } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'connector-auth-main-'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `main.ts` in a process of its own, on the embedded adapters whatever the test's environment says. */
function startMain(extraEnv: Record<string, string>): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, ...extraEnv };
  for (const key of ['KAFKA_BROKERS', 'MONGODB_URL', 'ESDB_URL']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', main], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('connector-auth main.ts, in its own process', () => {
  let sandbox: SrSandbox;
  const running: ChildProcess[] = [];
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { jobs: 1, candidates: 1 } });
  });
  afterAll(async () => {
    // Only when a test failed: the processes it started.
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 at start with one line per bad setting, all at once', async () => {
    const app = startMain({ PORT: '0', INTERNAL_SERVICE_TOKEN: 'too-short' });
    running.push(app.child);
    expect(await app.exited).toBe(1);
    for (const key of ['PUBLIC_BASE_URL', 'SR_CLIENT_ID', 'SR_CLIENT_SECRET', 'VAULT_KEYS', 'VAULT_CURRENT_KEY_ID', 'OAUTH_STATE_KEY', 'INTERNAL_SERVICE_TOKEN']) {
      expect(app.output()).toContain(`  ${key}:`);
    }
    expect(app.output()).not.toContain('too-short');
  });

  it('serves /readyz and the connect redirect, and stops with exit code 0 on SIGTERM', async () => {
    const port = await freePort();
    const serviceToken = randomBytes(24).toString('base64url');
    const ring = testKeyRing('k1');
    const app = startMain({
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SR_CLIENT_ID: sandbox.client.clientId,
      SR_CLIENT_SECRET: sandbox.client.clientSecret,
      SR_AUTHORIZE_URL: `${sandbox.url}/identity/oauth/allow`,
      SR_TOKEN_URL: `${sandbox.url}/identity/oauth/token`,
      VAULT_KEYS: `k1:${ring.keys['k1']}`,
      VAULT_CURRENT_KEY_ID: 'k1',
      OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
      INTERNAL_SERVICE_TOKEN: serviceToken,
    });
    running.push(app.child);
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, { what: 'connector-auth to be ready', timeoutMs: 60_000 });

    const connect = await fetch(`${url}/integrations/acme/connect?userId=admin`, { headers: { authorization: `Bearer ${serviceToken}` }, redirect: 'manual' });
    expect(connect.status).toBe(302);
    expect(connect.headers.get('location')).toMatch(new RegExp(`^${sandbox.url}/identity/oauth/allow\\?client_id=`));

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('"message":"stopped"');
    expect(app.output()).not.toContain(serviceToken);
    expect(app.output()).not.toContain(sandbox.client.clientSecret);
  });
});
