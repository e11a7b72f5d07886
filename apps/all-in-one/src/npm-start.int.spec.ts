import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));

/** Ports nobody listens on: taken from the system, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** True once no process of the group is left (signal 0 only asks whether any exists). */
function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('npm start', () => {
  let pgid: number | undefined;
  afterAll(() => {
    // Only when the test failed: what is left of the process group this test started.
    if (pgid !== undefined && !groupGone(pgid)) process.kill(-pgid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops every process it started and frees its ports when npm gets SIGTERM', async () => {
    const [port, srPort, willoPort] = (await freePorts(3)) as [number, number, number];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      SR_SANDBOX_PORT: String(srPort),
      WILLO_SANDBOX_PORT: String(willoPort),
      DATA_DIR: dir,
      SR_SANDBOX_JOBS: '5',
      SR_SANDBOX_CANDIDATES: '5',
    };
    // The embedded adapters: nothing shared is touched.
    for (const key of ['KAFKA_BROKERS', 'MONGODB_URL', 'ESDB_URL']) delete env[key];
    // Its own process group, so that the test can see whether anything npm started outlives it.
    const npm = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    pgid = npm.pid!;
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const outputClosed = new Promise((resolve) => npm.stdout.once('close', resolve));

    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, { what: 'npm start to be ready', timeoutMs: 60_000 });
    process.kill(npm.pid!, 'SIGTERM');

    await eventually(() => groupGone(pgid!), { what: `every process of npm start's group ${pgid} to exit`, timeoutMs: 30_000 });
    for (const taken of [port, srPort, willoPort]) expect(await portIsFree(taken)).toBe(true);
    await outputClosed;
    expect(output).toContain('"message":"stopped"');
  });
});
