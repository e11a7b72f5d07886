/**
 * An initial sync in its own process, for the crash test: it runs against the sandbox at `url` with
 * a fixed access token and the embedded store at `dbPath`, and after the `stopAfter`-th jobs
 * checkpoint is recorded it prints `paused` and waits forever, for the test to SIGKILL it there.
 * Usage: tsx initial-sync-child.ts <url> <accessToken> <dbPath> <tenantId> <runId> <stopAfter> <clockMs>
 */
import { SmartRecruitersClient } from '@srw/smartrecruiters';
import { runInitialSync } from '../sr-sync';
import { openEmbeddedEventStore } from './embedded-event-store';
import { openEmbeddedPii } from './embedded-pii';

const [url, accessToken, dbPath, tenantId, runId, stopAfter, clockMs] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const client = new SmartRecruitersClient({
  baseUrl: url,
  credentialId: `child-${process.pid}`,
  auth: { accessToken: async () => accessToken, rejected: () => undefined },
  settings: { requestsPerSecond: 1000 },
});
const store = await openEmbeddedEventStore(dbPath);
let jobCheckpoints = 0;
await runInitialSync(
  {
    tenantId,
    client,
    store,
    pii: openEmbeddedPii(),
    clock: () => new Date(Number(clockMs)),
    triggers: [],
    onCheckpoint: async (checkpoint) => {
      if (checkpoint.resource !== 'jobs' || ++jobCheckpoints < Number(stopAfter)) return;
      process.stdout.write('paused\n');
      // A pending promise alone would let Node exit: the timer keeps the process alive for the kill.
      await new Promise(() => setInterval(() => undefined, 60_000));
    },
  },
  { runId },
);
process.stdout.write('finished\n');
await store.close();
