import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteBus } from '@srw/bus/embedded';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SharedRateBudget } from '@srw/http-kit';
import { startRelay } from '@srw/runtime';
import { defaultSrSettings, srPermitExchangeRequest, srRateLimits } from '@srw/smartrecruiters';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { createGate, eventually, seededRandom, type Gate } from '@srw/test-support';
import { sandboxOrganisation } from '@srw/willo/testing';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, inviteCandidates, notesOf } from './testing/writeback-fixture';

/** The app alone in its own process, as deployed: `main.ts` with nothing but environment variables. */
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'response-writeback-main-'));

const children: ChildProcess[] = [];
const servers: Server[] = [];
let sr: SrSandbox;
let willo: WilloSandbox;
beforeAll(async () => {
  sr = await startSrSandbox({ port: 0, seed: { seed: 12, jobs: 5, candidates: 50 } });
  willo = await startWilloSandbox({ port: 0 });
});
afterEach(() => {
  // Only if a test failed half-way: the children this test started, by their pids.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await willo?.close();
  await sr?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

/**
 * SR as the child sees it: the sandbox behind a proxy that, when armed, lets one `POST /messages/shares`
 * reach the sandbox (the note is recorded there) and then never answers it: the barrier at which the
 * test kills the process, between SR's answer and `NoteWritten`.
 */
async function srProxy(target: string) {
  let armed: { gate: Gate; skip: number } | undefined;
  const url = await listen(async (req, res) => {
    const body = await bodyOf(req);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const upstream = await fetch(`${target}${req.url}`, { method: req.method!, headers, ...(body.length > 0 ? { body } : {}) });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (req.method === 'POST' && req.url?.startsWith('/messages/shares') && armed && upstream.ok && armed.skip-- === 0) {
      const { gate } = armed;
      armed = undefined;
      await gate.wait(); // held: the child never hears that SR recorded the note
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json', ...(upstream.headers.get('link') ? { link: upstream.headers.get('link')! } : {}) });
    res.end(answer);
  });
  return {
    url,
    /** Lets `skip` successful note posts through, then holds the next one: its gate is `reached` once SR recorded it. */
    holdPost: (skip: number) => (armed = { gate: createGate(), skip }).gate,
  };
}

function start(env: Record<string, string>) {
  const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', main], { cwd: repoRoot, env: { ...inherited, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  child.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return { child, output, exited };
}

describe('response-writeback main.ts killed with SIGKILL', () => {
  it('between the note post and NoteWritten, restarted, still writes exactly one note per response', { timeout: 240_000 }, async () => {
    const random = seededRandom('response-writeback SIGKILL');
    const dataDir = join(dir, randomUUID());
    mkdirSync(dataDir, { recursive: true });
    const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
    const org = sandboxOrganisation(willo);
    const tenantId = `rk${randomUUID().slice(0, 8)}`;
    // stage-projector's relay, the `invite` category's owner: it publishes what the child appends
    // (response-writeback runs none), on the embedded bus the child shares through DATA_DIR.
    const bus = await SqliteBus.open({ path: join(dataDir, 'bus.sqlite'), pollIntervalMs: 20 });
    const ownersRelay = startRelay({ store, bus, categories: ['invite'], subscriptionId: 'stage-projector' });
    const proxy = await srProxy(sr.url);
    // connector-auth's internal endpoints: an access token of a grant of the SR sandbox, and the tenant's SR budget.
    const grant = sr.control.issueGrant();
    const budget = new SharedRateBudget({ limits: srRateLimits(defaultSrSettings), leaseMs: 10_000, startQuietMs: 0 });
    const connectorAuth = await listen(async (req, res) => {
      const body = await bodyOf(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/internal/sr-permits') {
        const { tenant, ...exchange } = srPermitExchangeRequest.parse(JSON.parse(body.toString()));
        return res.end(JSON.stringify(await budget.exchange({ key: tenant, ...exchange })));
      }
      res.end(JSON.stringify({ accessToken: grant.access_token, expiresAt: new Date(Date.now() + grant.expires_in * 1000).toISOString() }));
    });
    const env = {
      DATA_DIR: dataDir,
      SR_API_URL: proxy.url,
      CONNECTOR_AUTH_URL: connectorAuth,
      INTERNAL_SERVICE_TOKEN: 's'.repeat(40),
      WILLO_API_KEY: org.apiKey,
      WILLO_BASE_URL: willo.apiBaseUrl,
      WILLO_WEBHOOK_SECRET: randomUUID(),
      RESPONSE_POLL_INTERVAL_MS: '1000',
      RESPONSE_POLL_FIRST_CHECK_MS: '1000',
      LOG_LEVEL: 'info',
    };
    try {
      // No webhook subscription: the poll alone finds the responses.
      const invites = await inviteCandidates(store, sr, org, tenantId, 5);
      for (const invite of invites) willo.control.completeInterview(invite.participantKey);

      const kills = 2;
      for (let life = 0; life < kills; life++) {
        // Which post of this life is the last: a seeded draw, so the kill falls at another moment each run.
        const held = proxy.holdPost(random.chance(0.5) ? 1 : 0);
        let reached = false;
        void held.reached.then(() => (reached = true));
        const { child, output, exited } = start(env);
        await eventually(() => reached, { what: `a held note post (output so far: ${output.join('\n')})`, timeoutMs: 60_000 });
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
      }
      const { child, output } = start(env);
      await eventually(async () => (await Promise.all(invites.map(async (i) => (await eventsOf(store, i.stream, 'NoteWritten')).length === 1))).every(Boolean), {
        what: `NoteWritten on every invite (output so far: ${output.slice(-20).join('\n')})`,
        timeoutMs: 90_000,
      });
      child.kill('SIGTERM');
      const counts = invites.map((i) => notesOf(sr, i).length);
      const written = (await Promise.all(invites.map((i) => eventsOf(store, i.stream, 'NoteWritten')))).flat();
      const recovered = written.filter((e) => (e.data as { recoveredFromExisting: boolean }).recoveredFromExisting).length;
      console.info(`response-writeback SIGKILL: ${invites.length} responses, ${kills} kills between post and append, ${recovered} notes recovered from SR, notes per response ${JSON.stringify(counts)}`);
      expect(counts).toEqual(invites.map(() => 1));
      expect(recovered).toBeGreaterThanOrEqual(kills);
      for (const invite of invites) expect(await eventsOf(store, invite.stream, 'ResponseReceived')).toHaveLength(1);
    } finally {
      await ownersRelay.stop();
      await bus.close();
      await store.close();
    }
  });
});
