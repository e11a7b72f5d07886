import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, formOf } from '@srw/test-support';
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

  it('from a clean copy: a quiet `npm ci`, then `npm start` prints the admin page first; Ctrl-C stops it; started again, the data is there', { timeout: 600_000 }, async () => {
    // The tracked and new files of this checkout, as a fresh clone would have them (no node_modules, no .data).
    const copy = join(dir, 'clean-copy');
    mkdirSync(copy);
    execFileSync('bash', ['-c', `git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C '${copy}'`], { cwd: repoRoot });
    // A newcomer's shell: the machine's own Node first, not the one this test runs on.
    const path = (process.env['PATH'] ?? '').split(':').filter((entry) => !entry.includes('node_modules')).join(':');
    const install = spawn('npm', ['ci', '--no-audit', '--no-fund'], { cwd: copy, env: { ...process.env, PATH: path }, stdio: ['ignore', 'pipe', 'pipe'] });
    let installOutput = '';
    install.stdout.on('data', (chunk: Buffer) => (installOutput += chunk.toString()));
    install.stderr.on('data', (chunk: Buffer) => (installOutput += chunk.toString()));
    const installed = await new Promise<number | null>((resolve) => install.once('close', resolve));
    expect(installed, installOutput).toBe(0);
    expect(installOutput).not.toContain('EBADENGINE');
    expect(installOutput.split('\n').filter((line) => /\bnpm (warn|error)\b/i.test(line))).toEqual([]);

    const [port, srPort, willoPort] = (await freePorts(3)) as [number, number, number];
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: path, PORT: String(port), SR_SANDBOX_PORT: String(srPort), WILLO_SANDBOX_PORT: String(willoPort), SR_SANDBOX_JOBS: '5', SR_SANDBOX_CANDIDATES: '20' };
    for (const key of ['KAFKA_BROKERS', 'MONGODB_URL', 'ESDB_URL', 'DATA_DIR']) delete env[key];
    const start = async () => {
      const npm: ChildProcess = spawn('npm', ['start'], { cwd: copy, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      pgid = npm.pid!;
      const seen = { output: '' };
      npm.stdout!.on('data', (chunk: Buffer) => (seen.output += chunk.toString()));
      npm.stderr!.on('data', (chunk: Buffer) => (seen.output += chunk.toString()));
      const adminUrl = await eventually(() => /^Admin page:\s+(\S+)/m.exec(seen.output)?.[1], { what: 'npm start to print the admin page', timeoutMs: 120_000 });
      return { npm, seen, adminUrl };
    };
    const stop = async (npm: ChildProcess) => {
      process.kill(npm.pid!, 'SIGINT');
      await eventually(() => groupGone(npm.pid!), { what: 'npm start to stop on SIGINT', timeoutMs: 30_000 });
    };
    const demoApi = async (adminUrl: string) => {
      const origin = new URL(adminUrl).origin;
      const { token } = (await (await fetch(`${origin}/demo/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
      return (path: string) => fetch(`${origin}/v1${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<Record<string, unknown>>);
    };

    // First start: the banner opens with the admin page, which answers; enable the demo tenant (the consent page's Allow) and see the first sync end.
    const first = await start();
    // Its own lines, without npm's header and the JSON log lines: the admin page comes first.
    const printed = first.seen.output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('>') && !line.startsWith('{'));
    expect(printed[0]).toMatch(/^Admin page:/);
    expect(first.adminUrl).toBe(`http://127.0.0.1:${port}/admin`);
    const page = await fetch(first.adminUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${first.adminUrl}/admin.js`)).status).toBe(200);
    const consent = await fetch(`http://127.0.0.1:${port}/demo/enable`, { redirect: 'manual' });
    const consentUrl = new URL(consent.headers.get('location')!);
    const form = formOf(await (await fetch(consentUrl)).text(), { name: 'decision', value: 'approve' });
    const allowed = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
    expect((await fetch(allowed.headers.get('location')!, { headers: { accept: 'text/html' } })).status).toBe(200);
    const api = await demoApi(first.adminUrl);
    const synced = await eventually(async () => {
      const integration = await api('/integrations/smartrecruiters');
      return (integration['lastSync'] as { outcome?: string } | null)?.outcome === 'completed' ? integration : undefined;
    }, { what: 'the first sync to complete', timeoutMs: 120_000 });
    await eventually(() => /sync of demo completed/.test(first.seen.output) || undefined, { what: 'the terminal to tell the first sync’s end' });
    const entries = ((await api('/activity')) as { items: { entryId: string }[] }).items.map((e) => e.entryId);
    expect(entries.length).toBeGreaterThan(0);
    await stop(first.npm);
    expect(first.seen.output).toContain('"message":"stopped"');

    // Started again in the same folder: the integration, its last sync and the timeline are still there.
    const second = await start();
    const again = await demoApi(second.adminUrl);
    // (The SR sandbox starts afresh, so a sync run now may find the grant gone; the first run's record stays.)
    const integration = await again('/integrations/smartrecruiters');
    expect(integration['status']).not.toBe('disabled');
    const firstRun = (synced['lastSync'] as { runId: string }).runId;
    const runs = ((await again('/integrations/smartrecruiters/sync-runs')) as { items: { runId: string; status: string }[] }).items;
    expect(runs.find((run) => run.runId === firstRun)?.status).toBe('completed');
    const after = ((await again('/activity')) as { items: { entryId: string }[] }).items.map((e) => e.entryId);
    expect(after).toEqual(expect.arrayContaining(entries));
    await stop(second.npm);
  });
});
