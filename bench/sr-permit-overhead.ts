/**
 * What leasing SR permits from connector-auth costs: lists the SR sandbox's jobs (SR's rate limit on)
 * with the process's own limiter, then with permits from a connector-auth process (its `main.ts`), and
 * compares each wall time with the physical floor (API calls / 10 per second). Admission overhead per
 * call = (remote wall − in-process wall) / calls. Run: npx tsx bench/sr-permit-overhead.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorAuthRateLimiter, SmartRecruitersClient, srRateLimiter, defaultSrSettings, type AccessTokenSource } from '@srw/smartrecruiters';
import type { RateLimiter } from '@srw/http-kit';
import { startSrSandbox } from '@srw/sr-sandbox';
import { freePort, startAppProcess } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';

const jobs = 5_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sandbox = await startSrSandbox({ port: 0, seed: { seed: 42, jobs, candidates: 100 } });
const token = sandbox.control.issueGrant().access_token;
const auth: AccessTokenSource = { accessToken: async () => token, rejected: () => undefined };

const dataDir = mkdtempSync(join(tmpdir(), 'bench-permits-'));
const serviceToken = randomBytes(24).toString('base64url');
const authPort = await freePort();
const authUrl = `http://127.0.0.1:${authPort}`;
const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
const ring = testKeyRing('k1');
const connectorAuth = startAppProcess('connector-auth', fileURLToPath(new URL('../apps/connector-auth/src/main.ts', import.meta.url)), {
  cwd: repoRoot,
  env: {
    ...inherited,
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    PORT: String(authPort),
    PUBLIC_BASE_URL: authUrl,
    SR_CLIENT_ID: sandbox.client.clientId,
    SR_CLIENT_SECRET: sandbox.client.clientSecret,
    VAULT_KEYS: `k1:${ring.keys['k1']}`,
    VAULT_CURRENT_KEY_ID: 'k1',
    OAUTH_STATE_KEY: randomBytes(32).toString('base64'),
    INTERNAL_SERVICE_TOKEN: serviceToken,
  },
});

async function listAll(limiter: RateLimiter): Promise<{ calls: number; wallMs: number; ratio: number }> {
  const before = sandbox.control.requests().length;
  const client = new SmartRecruitersClient({ baseUrl: sandbox.url, credentialId: 'bench', auth, limiter });
  const started = performance.now();
  let listed = 0;
  for await (const page of client.jobs.list()) listed += page.items.length;
  const wallMs = performance.now() - started;
  if (listed !== jobs) throw new Error(`listed ${listed} of ${jobs} jobs`);
  const calls = sandbox.control.requests().length - before;
  return { calls, wallMs, ratio: wallMs / ((calls / defaultSrSettings.requestsPerSecond) * 1000) };
}

try {
  await connectorAuth.startedUrl();
  const remoteLimiter = connectorAuthRateLimiter({ baseUrl: authUrl, serviceToken, tenant: 'bench' });
  // connector-auth grants nothing for half a lease after it starts (a restart must not forget holders).
  await remoteLimiter.schedule(async () => undefined);
  // Each after a second of quiet, so that neither starts in the other's window.
  const local = await listAll(srRateLimiter(defaultSrSettings));
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const remote = await listAll(remoteLimiter);
  const overheadMs = (remote.wallMs - local.wallMs) / remote.calls;
  const rateLimited = sandbox.control.stats().rateLimited;
  console.log(`jobs listed twice:        ${jobs} (${local.calls} + ${remote.calls} API calls, ${rateLimited} answered 429)`);
  console.log(`in-process limiter:       ${(local.wallMs / 1000).toFixed(2)} s, wall/floor ${local.ratio.toFixed(3)}`);
  console.log(`permits of connector-auth: ${(remote.wallMs / 1000).toFixed(2)} s, wall/floor ${remote.ratio.toFixed(3)}`);
  console.log(`admission overhead:       ${overheadMs.toFixed(2)} ms per call (remote/in-process wall ${(remote.wallMs / local.wallMs).toFixed(3)})`);
  console.log(
    JSON.stringify({
      bench: 'sr-permit-overhead',
      calls: remote.calls,
      inProcessWallMs: Math.round(local.wallMs),
      remoteWallMs: Math.round(remote.wallMs),
      inProcessRatioToFloor: Number(local.ratio.toFixed(3)),
      remoteRatioToFloor: Number(remote.ratio.toFixed(3)),
      overheadMsPerCall: Number(overheadMs.toFixed(2)),
      rateLimited,
    }),
  );
} finally {
  connectorAuth.child.kill('SIGTERM');
  await connectorAuth.exited;
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
}
