import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '@srw/test-support';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./testing/signal-test-service.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'run-service-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  logged(message: string): boolean;
}

const running: ChildProcess[] = [];
afterEach(() => {
  // Only if a test failed half-way: the child this test started, by its pid.
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function runFixture(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', DATA_DIR: join(dir, randomUUID()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (lines: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    };
  };
  child.stdout!.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged = (message: string) => [...stdout, ...stderr].some((line) => line.includes(`"message":"${message}"`));
  return { child, stdout, stderr, exited, logged };
}

async function startedUrl(run: Run): Promise<string> {
  return eventually(
    () => {
      for (const line of run.stdout) {
        if (!line.includes('"message":"started"')) continue;
        return (JSON.parse(line) as { url: string }).url;
      }
      if (run.child.exitCode !== null) throw new Error(`the service exited with ${run.child.exitCode}: ${run.stderr.join('\n')}`);
      return undefined;
    },
    { what: 'the service to start', timeoutMs: 30_000 },
  );
}

async function portIsFree(port: number): Promise<boolean> {
  const probe: Server = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('a service process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s finishes the request in flight, stops, frees its port and exits 0', async (signal) => {
    const run = runFixture({});
    const url = await startedUrl(run);
    const held = fetch(`${url}/hold`);
    await eventually(() => run.logged('holding a request'), { what: 'the request to reach its handler' });
    run.child.kill(signal);
    const response = await held;
    expect(await response.text()).toBe(`finished after ${signal}`);
    expect(await run.exited).toBe(0);
    expect(run.logged('shutting down')).toBe(true);
    expect(run.logged('stopped')).toBe(true);
    expect(await portIsFree(Number(new URL(url).port))).toBe(true);
  });

  it('on SIGTERM while still starting, stops once the start has settled and exits 0', async () => {
    const run = runFixture({ FIXTURE_HOLD_START: '1' });
    await eventually(() => run.logged('holding the start'), { what: 'the start to be under way' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.logged('shutting down')).toBe(true);
    expect(run.logged('stopped')).toBe(true);
  });

  it('exits 1 on a second signal without waiting for a stop that hangs', async () => {
    const run = runFixture({ FIXTURE_HANG_ON_STOP: '1', SHUTDOWN_TIMEOUT_MS: '600000' });
    await startedUrl(run);
    run.child.kill('SIGTERM');
    await eventually(() => run.logged('shutting down'), { what: 'the shutdown to begin' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    expect(run.logged('second signal: exiting before the shutdown finished')).toBe(true);
    expect(run.logged('stopped')).toBe(false);
  });

  it('exits 1 when its stop outlasts SHUTDOWN_TIMEOUT_MS', async () => {
    const run = runFixture({ FIXTURE_HANG_ON_STOP: '1', SHUTDOWN_TIMEOUT_MS: '300' });
    await startedUrl(run);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    expect(run.logged('shutdown timed out after 300 ms: exiting before it finished')).toBe(true);
  });

  it('refuses a port in use with one line naming the variable to set, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = runFixture({ PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.stderr).toEqual([`PORT ${port} is in use: set PORT to a free port`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses a bad configuration listing every bad key, without a stack trace, and exits 1', async () => {
    const run = runFixture({ PORT: 'eighty', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'nohost' });
    expect(await run.exited).toBe(1);
    expect(run.stderr[0]).toBe('signal-test-service: invalid configuration');
    expect(run.stderr.slice(1).map((line) => line.trim().split(':')[0]).sort()).toEqual(['KAFKA_BROKERS.0', 'LOG_LEVEL', 'PORT']);
    expect(run.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });
});
