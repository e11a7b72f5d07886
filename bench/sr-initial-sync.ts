/**
 * The initial sync of 10,000 jobs (hiring stages, then jobs by pages of 100, each observed in the
 * embedded event store with its stages and a checkpoint per page) from the SR sandbox with SR's rate
 * limit on, against the physical floor: SR calls / 10 per second. Target: within 15%.
 * Run: npx tsx bench/sr-initial-sync.ts   (last line: one JSON object with the figures)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { runInitialSync } from '@srw/sr-sync';
import { openEmbeddedEventStore, openEmbeddedPii } from '@srw/sr-sync/testing';
import { startSrSandbox } from '@srw/sr-sandbox';

const jobs = 10_000;
const sandbox = await startSrSandbox({ port: 0, seed: { seed: 42, jobs, candidates: 1_000 } });
const dir = mkdtempSync(join(tmpdir(), 'sr-initial-sync-'));
const store = await openEmbeddedEventStore(join(dir, 'events.sqlite'));
const { client } = await connectToSandbox(sandbox);

const requestsBefore = sandbox.control.requests().length;
const started = performance.now();
const result = await runInitialSync({ tenantId: 'bench', client, store, pii: openEmbeddedPii(), clock: () => new Date(), triggers: [] }, { runId: 'bench-run' });
const wallMs = performance.now() - started;
const sandboxCalls = sandbox.control.requests().length - requestsBefore;
const rateLimited = sandbox.control.stats().rateLimited;
const observed = (await store.readAll({ streamPrefixes: ['srJob-'] })).length;
await store.close();
await sandbox.close();
rmSync(dir, { recursive: true, force: true });

const floorMs = (result.apiCalls / 10) * 1000;
const ratio = wallMs / floorMs;
console.log(`initial sync of ${jobs} jobs (sandbox, SR rate limit on, embedded event store on disk): ${result.status}`);
console.log(`  SR calls:           ${result.apiCalls} counted by the sync, ${sandboxCalls} by the sandbox (${rateLimited} answered 429)`);
console.log(`  events appended:    ${observed} (JobObserved + JobStagesObserved)`);
console.log(`  wall time:          ${(wallMs / 1000).toFixed(2)} s`);
console.log(`  floor (calls/10/s): ${(floorMs / 1000).toFixed(2)} s`);
console.log(`  ratio wall/floor:   ${ratio.toFixed(3)} (target ≤ 1.15)`);
console.log(
  JSON.stringify({
    bench: 'sr-initial-sync',
    jobs,
    status: result.status,
    calls: result.apiCalls,
    sandboxCalls,
    rateLimited,
    eventsAppended: observed,
    seconds: Number((wallMs / 1000).toFixed(3)),
    floorSeconds: Number((floorMs / 1000).toFixed(3)),
    ratio: Number(ratio.toFixed(3)),
  }),
);
