/**
 * SR calls of one incremental cycle in which nothing changed, for a tenant with 10,000 jobs and 5
 * mapped trigger stages, counted by the SR sandbox (its request log), beside the bound
 * 1 (`GET /jobs?updatedAfter=`) + 5 (one `GET /candidates` per trigger stage) + audit-feed pages.
 * The initial sync runs first (SR's rate limit off for it: it is not what is measured); the idle
 * cycle then runs with SR's limit on.
 * Run: npx tsx bench/sr-idle-cycle.ts [jobs]   (last line: one JSON object with the figures)
 */
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { runIncrementalSync, runInitialSync, type TriggerStage } from '@srw/sr-sync';
import { openEmbeddedEventStore, openEmbeddedPii } from '@srw/sr-sync/testing';
import { srRateLimits, startSrSandbox } from '@srw/sr-sandbox';

const jobs = Number(process.argv[2] ?? 10_000);
const triggerCount = 5;
const tenantId = 'bench-idle';
const sandbox = await startSrSandbox({ port: 0, seed: { seed: 42, jobs, candidates: 5_000 }, rateLimit: false });

// Five mapped trigger stages on five jobs: a stage some candidate is in, as an admin would pick.
const triggers: TriggerStage[] = [];
for (const application of sandbox.control.tenant().applications.values()) {
  if (application.status === 'NEW' || triggers.some((t) => t.jobId === application.jobId)) continue;
  triggers.push({ jobId: application.jobId, status: application.status, subStatus: application.subStatus ?? null });
  if (triggers.length === triggerCount) break;
}
if (triggers.length < triggerCount) throw new Error(`only ${triggers.length} trigger stages found in the seeded tenant`);

const store = await openEmbeddedEventStore();
const pii = openEmbeddedPii();
const { client } = await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1_000 } });
const deps = { tenantId, client, store, pii, clock: () => new Date(sandbox.control.clock.now()), triggers };
const initial = await runInitialSync(deps, { runId: 'initial' });
if (initial.status !== 'completed') throw new Error(`the initial sync ended ${initial.status}`);

// The idle cycle, with SR's limit on and the client's budget back at SR's 10 requests/s.
sandbox.control.setRateLimit(srRateLimits);
sandbox.control.advanceClock(5 * 60_000);
const limited = (await connectToSandbox(sandbox)).client;
const before = sandbox.control.requests().length;
const started = performance.now();
const idle = await runIncrementalSync({ ...deps, client: limited }, { runId: 'idle', sinceRunId: 'initial' });
const wallMs = performance.now() - started;
const made = sandbox.control.requests().slice(before);
const auditPages = made.filter((r) => r.path === '/audit-api/v201910/audit-events').length;
const bound = 1 + triggerCount + auditPages;
const byPath = Object.fromEntries([...new Set(made.map((r) => r.path))].map((path) => [path, made.filter((r) => r.path === path).length]));
await store.close();
await pii.keys.close();
await sandbox.close();

console.log(`idle incremental cycle, tenant with ${jobs} jobs and ${triggerCount} mapped trigger stages (sandbox, SR rate limit on): ${idle.status}`);
console.log(`  SR calls (sandbox):  ${made.length}  ${JSON.stringify(byPath)}`);
console.log(`  bound:               ${bound} = 1 jobs page + ${triggerCount} trigger stages + ${auditPages} audit-feed page(s)`);
console.log(`  ratio calls/bound:   ${(made.length / bound).toFixed(3)} (target ≤ 1)`);
console.log(`  initial sync calls:  ${initial.apiCalls} (for scale: an idle cycle costs ${((made.length / initial.apiCalls) * 100).toFixed(1)}% of them)`);
console.log(`  wall time:           ${(wallMs / 1000).toFixed(2)} s`);
console.log(
  JSON.stringify({
    bench: 'sr-idle-cycle',
    jobs,
    triggers: triggerCount,
    status: idle.status,
    calls: made.length,
    auditPages,
    bound,
    ratio: Number((made.length / bound).toFixed(3)),
    initialCalls: initial.apiCalls,
    observationsAppended: idle.counts,
    seconds: Number((wallMs / 1000).toFixed(3)),
  }),
);
