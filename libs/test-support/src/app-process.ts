import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './wait';

/** One app's `main.ts` running in a child process of its own, as deployed. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Every whole line it wrote to stdout and stderr so far (the rest once it exited). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The URL of its `started` log line, once it logged one. */
  startedUrl(timeoutMs?: number): Promise<string>;
  /** Its last lines, for failure messages. */
  tail(count?: number): string;
}

/**
 * Starts `node --import tsx <main>` in `cwd` with exactly `env` (nothing inherited but what the
 * caller passes), capturing its output line by line. A built bundle runs with `nodeArgs: []`.
 */
export function startAppProcess(
  name: string,
  main: string,
  { cwd, env, nodeArgs = ['--import', 'tsx'] }: { cwd: string; env: NodeJS.ProcessEnv; nodeArgs?: string[] },
): AppProcess {
  const child = spawn(process.execPath, [...nodeArgs, main], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]!.on('data', (chunk: Buffer) => {
      const complete = (partial[stream] + chunk.toString()).split('\n');
      partial[stream] = complete.pop()!;
      lines.push(...complete);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      lines.push(...[partial.stdout, partial.stderr].filter(Boolean));
      resolve({ code, signal });
    }),
  );
  const tail = (count = 40) => lines.slice(-count).join('\n');
  return {
    name,
    child,
    lines,
    exited,
    tail,
    startedUrl: (timeoutMs = 90_000) =>
      eventually(
        () => {
          const line = lines.find((l) => l.includes('"message":"started"'));
          return line ? (JSON.parse(line) as { url: string }).url : undefined;
        },
        { what: `${name} started (output: ${tail()})`, timeoutMs },
      ),
  };
}

/**
 * An app process that can be killed and started again with the same command, env and data, as a
 * crashed pod is: `kill()` sends SIGKILL and waits for the exit, `restart()` starts a new generation
 * and waits for its `/readyz`. Its address stays the same across generations (give it a fixed `PORT`):
 * webhooks and the other apps were told it once.
 */
export interface RestartableApp {
  readonly name: string;
  /** The running (or last) generation. */
  readonly current: AppProcess;
  /** Every generation so far, oldest first. */
  readonly generations: readonly AppProcess[];
  /** How many times it was killed. */
  readonly kills: number;
  /** Its base URL once the first generation started. */
  readonly url: string;
  /** Resolves once the current generation answers 200 on `/readyz`. */
  ready(timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** SIGTERM, and the exit it made (code 0 when it stopped cleanly). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every line of every generation, each generation's prefixed by its number. */
  lines(): string[];
  tail(count?: number): string;
}

export function startRestartableApp(name: string, main: string, options: { cwd: string; env: NodeJS.ProcessEnv }): RestartableApp {
  const generations: AppProcess[] = [];
  let kills = 0;
  let url: string | undefined;
  const spawnNext = () => generations.push(startAppProcess(generations.length === 0 ? name : `${name} #${generations.length + 1}`, main, options));
  const current = () => generations.at(-1)!;
  const alive = (running: AppProcess) => running.child.exitCode === null && running.child.signalCode === null;
  spawnNext();
  const app: RestartableApp = {
    name,
    get current() {
      return current();
    },
    generations,
    get kills() {
      return kills;
    },
    get url() {
      if (!url) throw new Error(`${name} has not started yet`);
      return url;
    },
    async ready(timeoutMs = 90_000) {
      const running = current();
      const started = await running.startedUrl(timeoutMs);
      url = started;
      await eventually(
        async () => {
          if (!alive(running)) throw new Error(`${running.name} exited: ${running.tail()}`);
          return (await fetch(`${started}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200;
        },
        { what: `${running.name} ready (output: ${running.tail()})`, timeoutMs, intervalMs: 100 },
      );
      return started;
    },
    async kill() {
      const running = current();
      if (!alive(running)) return;
      kills += 1;
      running.child.kill('SIGKILL');
      await running.exited;
    },
    async restart() {
      await app.kill();
      spawnNext();
      await app.ready();
    },
    async stop() {
      const running = current();
      if (alive(running)) running.child.kill('SIGTERM');
      return running.exited;
    },
    lines: () => generations.flatMap((running, index) => running.lines.map((line) => `[${index + 1}] ${line}`)),
    tail: (count = 40) => current().tail(count),
  };
  return app;
}
