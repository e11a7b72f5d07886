/**
 * Lists 10,000 jobs from the SR sandbox with SR's rate limit on (10 requests/s per credential) and
 * compares the wall time with the physical floor: API calls / 10 per second. Target: within 15%.
 * Run: npx tsx bench/sr-jobs-listing.ts
 */
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { startSrSandbox } from '@srw/sr-sandbox';

const jobs = 10_000;
const seedStarted = performance.now();
const sandbox = await startSrSandbox({ port: 0, seed: { seed: 42, jobs, candidates: 100_000 } });
const seedMs = performance.now() - seedStarted;

let calls = 0;
const counting: typeof fetch = (input, init) => {
  calls++;
  return fetch(input, init);
};
const { client } = await connectToSandbox(sandbox, { fetch: counting });

const started = performance.now();
let listed = 0;
for await (const page of client.jobs.list()) listed += page.items.length;
const wallMs = performance.now() - started;
await sandbox.close();

const floorMs = (calls / 10) * 1000;
const ratio = wallMs / floorMs;
console.log(`sandbox seeded with ${jobs} jobs and 100,000 candidates in ${(seedMs / 1000).toFixed(2)} s`);
console.log(`jobs listed:        ${listed}`);
console.log(`API calls:          ${calls} (${sandbox.control.stats().rateLimited} answered 429 by the sandbox)`);
console.log(`wall time:          ${(wallMs / 1000).toFixed(2)} s`);
console.log(`floor (calls/10/s): ${(floorMs / 1000).toFixed(2)} s`);
console.log(`ratio wall/floor:   ${ratio.toFixed(3)} (target ≤ 1.15)`);
