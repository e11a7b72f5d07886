import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { SharedRateBudget, type PermitExchange } from '@srw/http-kit';
import { connectorAuthRateLimiter, defaultSrSettings, srRateLimits } from '@srw/smartrecruiters';
import { rateBudgetContract } from '@srw/smartrecruiters/testing';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { eventually } from '@srw/test-support';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { srPermitsRoutes } from './routes/sr-permits.routes';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const callerScript = fileURLToPath(new URL('../../../libs/smartrecruiters/src/testing/sr-caller-process.ts', import.meta.url));
const serviceToken = randomBytes(24).toString('base64url');

/** connector-auth's permit route on a port of its own, over one budget. */
async function startPermitServer(leaseMs: number): Promise<{ url: string; asked: PermitExchange[]; close(): Promise<void> }> {
  const budget = new SharedRateBudget({ limits: srRateLimits(defaultSrSettings), leaseMs, startQuietMs: 0 });
  /** Every exchange the route passed on, as it arrived. */
  const asked: PermitExchange[] = [];
  const observed = { exchange: (request: PermitExchange) => (asked.push(request), budget.exchange(request)) };
  const app = new Hono().route('/internal', srPermitsRoutes({ budget: observed, serviceToken }));
  const { url, server } = await new Promise<{ url: string; server: ServerType }>((listening) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => listening({ url: `http://127.0.0.1:${info.port}`, server }));
  });
  return { url, asked, close: () => new Promise<void>((done) => server.close(() => done())) };
}

rateBudgetContract('permits leased from connector-auth over HTTP, one client per process', async () => {
  const server = await startPermitServer(2_000);
  const tenant = `contract-${randomBytes(4).toString('hex')}`;
  return {
    limiters: async (count) => Array.from({ length: count }, () => connectorAuthRateLimiter({ baseUrl: server.url, serviceToken, tenant })),
    close: () => server.close(),
  };
});

interface Caller {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  go(): void;
  report<T>(key: string): Promise<T>;
}

/** `sr-caller-process.ts` in its own process, waiting for `go()`. */
function startCaller(env: Record<string, string>): Caller {
  const child = spawn(process.execPath, ['--import', 'tsx', callerScript], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    go: () => child.stdin!.write('go\n'),
    report: <T,>(key: string) =>
      eventually(
        () => {
          const line = lines.find((l) => l.startsWith(`{"${key}"`));
          return line ? (JSON.parse(line) as T) : undefined;
        },
        { what: `the caller's ${key} (output: ${lines.slice(-10).join('\n')})`, timeoutMs: 120_000 },
      ),
  };
}

describe('one SR budget per tenant across processes: permits from connector-auth', () => {
  let sandbox: SrSandbox;
  const started: Caller[] = [];
  const caller = (env: Record<string, string>) => {
    const running = startCaller(env);
    started.push(running);
    return running;
  };

  beforeAll(async () => {
    // SR's limits on (10 a second, 8 in flight, one GET /candidates): the sandbox answers 429 beyond them.
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 3, jobs: 5, candidates: 5 } });
  });

  /**
   * An SR credential (grant) of the test's own. SR's limits are per credential, in real time, and each
   * test starts a fresh permit budget that knows nothing of the calls before it: on a shared credential
   * the last second of the test before (its per-process half goes flat out) still counts against the
   * next test's first calls whenever they come within that second, and SR answers some of them 429:
   * the SIGKILL case's one CI failure (2 more 429s than before it). Calls on its credential replayed
   * just before its holder's first permit fail it the same way.
   */
  function ownCredential(): { token: string; rateLimited(): number } {
    const token = sandbox.control.issueGrant().access_token;
    const authorised = sandbox.control.grants.authenticate(token);
    if (!('grant' in authorised)) throw new Error(`the sandbox refused its own grant: ${authorised.problem}`);
    const grantId = authorised.grant.id;
    // Counted from SR's log, so no other credential's 429 (nor one answered late) can reach the count.
    return { token, rateLimited: () => sandbox.control.requests().filter((r) => r.grantId === grantId && r.status === 429).length };
  }

  afterAll(async () => {
    for (const running of started) if (running.child.exitCode === null) running.child.kill('SIGKILL');
    await Promise.all(started.map((running) => running.exited));
    await sandbox?.close();
  });

  const callerEnv = (token: string, budget: 'connector-auth' | 'process', calls: number, permitsUrl = '') => ({
    SR_API_URL: sandbox.url,
    SR_ACCESS_TOKEN: token,
    CALLS: String(calls),
    BUDGET: budget,
    CONNECTOR_AUTH_URL: permitsUrl,
    INTERNAL_SERVICE_TOKEN: serviceToken,
    TENANT: 'hammered',
  });

  async function hammer(budget: 'connector-auth' | 'process', permitsUrl?: string): Promise<{ rateLimited: number; done: number[] }> {
    const credential = ownCredential();
    const callers = [caller(callerEnv(credential.token, budget, 40, permitsUrl)), caller(callerEnv(credential.token, budget, 40, permitsUrl))];
    // Both start calling together, once both are up.
    await Promise.all(callers.map((running) => eventually(() => running.child.pid, { what: 'the caller started' })));
    for (const running of callers) running.go();
    const reports = await Promise.all(callers.map((running) => running.report<{ done: number; failed: string[] }>('done')));
    for (const running of callers) expect(await running.exited).toBe(0);
    expect(reports.flatMap((report) => report.failed)).toEqual([]);
    return { rateLimited: credential.rateLimited(), done: reports.map((report) => report.done) };
  }

  it('two processes hammering one tenant stay within SR’s limits as SR counts them (each with its own limiter they do not)', { timeout: 240_000 }, async () => {
    const server = await startPermitServer(2_000);
    try {
      const shared = await hammer('connector-auth', server.url);
      expect(shared.done).toEqual([40, 40]);
      expect(shared.rateLimited).toBe(0);
    } finally {
      await server.close();
    }
    // The control: the same load with a budget per process goes over SR's limits (and retries its 429s).
    const apart = await hammer('process');
    expect(apart.done).toEqual([40, 40]);
    expect(apart.rateLimited).toBeGreaterThan(0);
  });

  it("a SIGKILLed holder's slots come back after the lease, not before", { timeout: 240_000 }, async () => {
    const server = await startPermitServer(2_000);
    const credential = ownCredential();
    try {
      const listings = () => sandbox.control.requests().filter((r) => r.path === '/candidates').length;
      const listingsBefore = listings();
      // The holder's 8 calls are parked at SR: it holds every slot of the budget, renewing them.
      const holds = Array.from({ length: 8 }, () => sandbox.control.holdRequest((r) => r.path === '/configuration/hiring-processes'));
      const holder = caller({ ...callerEnv(credential.token, 'connector-auth', 8, server.url), LISTING_EVERY: '0' });
      const waiting = caller(callerEnv(credential.token, 'connector-auth', 5, server.url));
      await Promise.all([holder, waiting].map((running) => eventually(() => running.child.pid, { what: 'the callers started' })));
      holder.go();
      await Promise.all(holds.map((hold) => hold.reached));
      // The other process asks for its first call (a GET /candidates) and is kept waiting: no slot is free.
      waiting.go();
      await eventually(() => server.asked.some((request) => request.lane === 'candidate-listing' && request.want > 0) || undefined, {
        what: "the waiting process's ask for a permit",
      });
      expect(listings()).toBe(listingsBefore);
      const killedAt = Date.now();
      holder.child.kill('SIGKILL');
      expect(await holder.exited).toBeNull();
      // Its parked calls end with it (SR frees their slots at once); the budget frees them at the lease's end.
      for (const hold of holds) hold.release();
      const { firstCallAt } = await waiting.report<{ firstCallAt: number }>('firstCallAt');
      expect(await waiting.report<{ done: number; failed: string[] }>('done')).toEqual({ done: 5, failed: [] });
      expect(firstCallAt).toBeGreaterThan(killedAt);
      expect(credential.rateLimited()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
