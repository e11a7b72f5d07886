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
