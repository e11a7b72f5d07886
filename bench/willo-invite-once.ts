/**
 * inviteOnce under faults, against the in-process Willo sandbox: N candidates, each requested three
 * times at once, with 10% of POSTs failing before and 10% after the invite was recorded. Prints the
 * throughput, the calls it took and the duplicates (which must be 0). Quotas are lifted: this measures
 * the client and sandbox, not Willo's 10 requests/s.
 * Usage: npx tsx bench/willo-invite-once.ts [candidates=500]
 */
import { unlimitedRateLimiter as unlimited } from '@srw/http-kit';
import { sandboxOrganisation, startWilloSandbox } from '@srw/willo/testing';

const candidates = Number(process.argv[2] ?? 500);
const sandbox = await startWilloSandbox({ port: 0, rateLimits: { perSecond: 1e9, perMinute: 1e9, perDay: 1e9 } });
const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, {
  rateLimiter: unlimited,
  retry: { inviteAttempts: 10, transientRetries: 6 },
});
sandbox.control.injectFault({ kind: 'error', rate: 0.1, method: 'POST' });
sandbox.control.injectFault({ kind: 'error-after', rate: 0.1, method: 'POST' });

const started = performance.now();
await Promise.all(
  Array.from({ length: candidates }, (_, i) =>
    Promise.all(
      [1, 2, 3].map(() =>
        client.inviteOnce({ idempotencyKey: `invite-${i}`, invite: { interviewKey, email: `candidate${i}@example.com` } }),
      ),
    ),
  ),
);
const ms = performance.now() - started;

const invitations = sandbox.control.invitations(organisationId);
const requests = sandbox.control.requests().filter((r) => r.organisationId === organisationId);
const distinct = new Set(invitations.map((i) => i.email)).size;
console.log(`willo inviteOnce: ${candidates} candidates × 3 concurrent calls in ${Math.round(ms)} ms`);
console.log(`  ${Math.round((candidates / ms) * 1000)} invites/s`);
console.log(`  ${requests.filter((r) => r.method === 'POST').length} POSTs, ${requests.filter((r) => r.method === 'GET').length} lookups`);
console.log(`  invitations: ${invitations.length}, distinct candidates: ${distinct}, duplicates: ${invitations.length - distinct}`);
await sandbox.close();
if (invitations.length !== candidates || distinct !== candidates) process.exitCode = 1;
