import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The checks every fuzz run makes: no 5xx, and every answer is one the document describes (status, content type, body). */
export const fuzzChecks = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'] as const;

/** How to install the fuzzer, for the line a skipped spec prints. */
export const installFuzzerHint = 'bash tools/schemathesis.sh install';

/** Where `tools/schemathesis.sh` keeps the fuzzer (its venv) and where runs keep their replay cache: `$INFRA_DIR/schemathesis`. */
export function fuzzerHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repoRoot, env['INFRA_DIR'] || '.infra', 'schemathesis');
}

/**
 * Where `tools/schemathesis.sh install` put the fuzzer: `$SCHEMATHESIS_BIN`, else the venv under
 * {@link fuzzerHome}; undefined when it is not installed.
 */
export function schemathesisBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['SCHEMATHESIS_BIN'], resolve(fuzzerHome(env), 'venv/bin/schemathesis')];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

export interface FuzzOptions {
  /** The app under test; served on a free loopback port for the run. */
  app: { fetch: (request: Request) => Response | Promise<Response> };
  /** `Authorization` header value of a valid caller, e.g. `Bearer <token>`. */
  authorization: string;
  /** Where the app serves its OpenAPI document; default `/v1/openapi.json`. */
  documentPath?: string;
  /** Test cases per operation and phase; default 20. */
  maxExamplesPerOperation?: number;
  /** The run is stopped after this long and fails (a backstop, not a budget the fuzzer fills); default 300 s. */
  timeoutSeconds?: number;
  /** The fuzzer's seed, printed so a failure replays (`TEST_SEED=<seed>`). */
  seed: number;
  /** Path of the `schemathesis` command; default {@link schemathesisBinary}. */
  binary?: string;
}

export interface FuzzReport {
  passed: boolean;
  /** The fuzzer's exit code (0: every check passed), or null when it was stopped by the timeout. */
  exitCode: number | null;
  /** What the fuzzer printed: its summary, and for a failure the failing requests as `curl` lines. */
  output: string;
  seed: number;
  durationMs: number;
  /** The command line, minus the authorization header, to replay the run by hand (in {@link fuzzerHome}, where `st replay <id>` finds the failing cases too). */
  command: string;
}

async function listenOnFreePort(fetch: FuzzOptions['app']['fetch']): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolveListening) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolveListening({ url: `http://127.0.0.1:${info.port}`, server }),
    );
  });
}

const closed = (server: ServerType) => new Promise<void>((done) => server.close(() => done()));

/**
 * Property-based fuzzing of an app from its own OpenAPI document with schemathesis: serves the app on
 * a free port, runs `schemathesis run <url><documentPath>` with a bounded number of cases per
 * operation, a fixed seed, the caller's `Authorization` header and {@link fuzzChecks}, then stops the
 * server. Resolves with the report; `passed` is false on any failed check. Throws when the fuzzer is
 * not installed (see {@link schemathesisBinary}).
 */
export async function fuzzOpenApi(options: FuzzOptions): Promise<FuzzReport> {
  const binary = options.binary ?? schemathesisBinary();
  if (!binary) throw new Error(`schemathesis is not installed; run: ${installFuzzerHint}`);
  // The fuzzer keeps failing cases for `st replay <id>` in `.schemathesis/` of its working directory: not in the checkout.
  const workDir = fuzzerHome();
  mkdirSync(workDir, { recursive: true });
  const { url, server } = await listenOnFreePort(options.app.fetch);
  const started = Date.now();
  const args = [
    'run',
    `${url}${options.documentPath ?? '/v1/openapi.json'}`,
    `--checks=${fuzzChecks.join(',')}`,
    `--max-examples=${options.maxExamplesPerOperation ?? 20}`,
    `--seed=${options.seed}`,
    // One worker: the machine is shared, and a sequential run is the one a seed replays exactly.
    '--workers=1',
    '--generation-database=none',
    '--no-color',
    '--output-sanitize=true',
  ];
  const command = `schemathesis ${args.join(' ')} --header 'Authorization: <token>'`;
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((done, fail) => {
      const child = spawn(binary, [...args, '--header', `Authorization: ${options.authorization}`], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), (options.timeoutSeconds ?? 300) * 1000);
      child.on('error', (error) => {
        clearTimeout(timer);
        fail(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ exitCode: code, output });
      });
    });
    return { passed: exitCode === 0, exitCode, output, seed: options.seed, durationMs: Date.now() - started, command };
  } finally {
    await closed(server);
  }
}
