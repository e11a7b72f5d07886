/**
 * Stage move in the SR sandbox → signed webhook → our route (signature check against the tenant's keys
 * read from sr-poller's persistent key store, SQLite and AES-256-GCM as deployed; SR status-history
 * read; append) → `ApplicationStageObserved` in the embedded store: the time from each move until its
 * observation's append has returned, one move at a time. The baseline is the same moves delivered to a
 * bare loopback receiver that answers 202 at once: the sandbox's own delivery time, which no intake
 * can beat. SR's rate limit is off (sandbox and client): one SR read per delivery at SR's 10 req/s
 * would make a burst's latency calls / 10 s, which measures SR, not the intake. Target: p99 < 1 s.
 * Run: npx tsx bench/sr-webhook-latency.ts [moves]
 */
import { streams } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { type SbApplication, startSrSandbox } from '@srw/sr-sandbox';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSrWebhookSubscription, srWebhookCallbackUrl } from '@srw/sr-sync';
import { openEmbeddedEventStore, serveSrWebhookRoutes } from '@srw/sr-sync/testing';
import { startWebhookReceiver } from '@srw/test-support';
import { SqliteWebhookKeyStore, TokenCipher } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';

const moves = Number(process.argv[2] ?? 300);
const tenant = 'bench';
const sandbox = await startSrSandbox({ port: 0, seed: { seed: 11, jobs: 20, candidates: moves * 2 }, rateLimit: false });
const { client } = await connectToSandbox(sandbox, { settings: { requestsPerSecond: 100_000, concurrentRequests: 1_000 } });
const applications = [...sandbox.control.tenant().applications.values()];
if (applications.length < moves) throw new Error(`the sandbox seeded ${applications.length} applications, fewer than ${moves} moves`);
const statuses = ['HIRED', 'REJECTED', 'NEW'] as const;
let moved = 0;
const move = (a: SbApplication) => {
  const result = sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status: statuses[moved++ % statuses.length]! });
  if (!result.ok) throw new Error(`move refused: ${result.code}`);
};

/** Moves each application in turn, waiting for `arrived(application)` before the next: milliseconds per move. */
async function timeMoves(arrivals: Map<string, () => void>): Promise<number[]> {
  const times: number[] = [];
  for (const a of applications.slice(0, moves)) {
    const arrived = new Promise<void>((resolve) => arrivals.set(a.applicationId, resolve));
    const started = performance.now();
    move(a);
    await arrived;
    times.push(performance.now() - started);
  }
  return times;
}

// Baseline: the sandbox delivering to a receiver that does nothing.
const baselineArrivals = new Map<string, () => void>();
const receiver = await startWebhookReceiver(({ headers, rawBody }) => {
  const secret = headers['x-hook-secret'];
  if (typeof secret === 'string') return { status: 200, headers: { 'X-Hook-Secret': secret } };
  const { application_id: id } = JSON.parse(rawBody) as { application_id: string };
  baselineArrivals.get(id)?.();
  return 202;
});
const bare = await client.webhooks.create({ callbackUrl: receiver.url, events: ['application.status.updated'] });
await client.webhooks.activate(bare.id);
const baseline = await timeMoves(baselineArrivals);
await client.webhooks.delete(bare.id);
await receiver.close();

// The intake: told when the append of an application's observation has returned.
const store = await openEmbeddedEventStore();
const byStream = new Map(applications.map((a) => [streams.srApplication(tenant, a.candidateId, a.jobId), a.applicationId]));
const intakeArrivals = new Map<string, () => void>();
const observed: EventStore = new Proxy(store, {
  get(target, property) {
    if (property === 'append') {
      return async (...args: Parameters<EventStore['append']>) => {
        const result = await target.append(...args);
        const id = byStream.get(args[0]);
        if (id !== undefined) intakeArrivals.get(id)?.();
        return result;
      };
    }
    const value = Reflect.get(target, property, target) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});
const keysDir = mkdtempSync(join(tmpdir(), 'bench-webhook-keys-'));
const keys = new SqliteWebhookKeyStore(join(keysDir, 'sr-webhook-keys.sqlite'), TokenCipher.fromConfig(testKeyRing('k1')));
const routes = await serveSrWebhookRoutes({ store: observed, keys, clientFor: async () => client, clock: () => new Date() }, store);
const ensured = await ensureSrWebhookSubscription(client, { tenant, callbackUrl: srWebhookCallbackUrl(routes.url, tenant), keys });
if (ensured.status !== 'active') throw new Error(`no subscription: ${ensured.reason}`);
const intake = await timeMoves(intakeArrivals);
const appended = (await store.readAll({ maxCount: moves * 4 })).filter((e) => e.type === 'ApplicationStageObserved').length;
await routes.stop();
await store.close();
await keys.close();
rmSync(keysDir, { recursive: true, force: true });
await sandbox.close();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (value: number) => Number(value.toFixed(2));
const figures = {
  p50: ms(percentile(intake, 50)),
  p99: ms(percentile(intake, 99)),
  max: ms(Math.max(...intake)),
  baselineP50: ms(percentile(baseline, 50)),
  baselineP99: ms(percentile(baseline, 99)),
};
console.log(`moves:                         ${moves} (one at a time), observations appended: ${appended}`);
console.log(`move → observation in store:   p50 ${figures.p50} ms, p99 ${figures.p99} ms, max ${figures.max} ms (target p99 < 1000 ms)`);
console.log(`baseline, move → bare receiver: p50 ${figures.baselineP50} ms, p99 ${figures.baselineP99} ms`);
console.log(`intake's own share (p50):      ${ms(figures.p50 - figures.baselineP50)} ms (keys from the store, signature, SR status-history read, append)`);
console.log(JSON.stringify({ bench: 'sr-webhook-latency', count: moves, appended, ...figures, unit: 'ms' }));
