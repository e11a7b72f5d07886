/**
 * SR stage move → Willo invite call received, through the whole product in one process: the SR
 * sandbox's move, then its webhook (or the sync, with webhooks dropped), sr-poller's observation, the
 * relay, stage-projector's trigger policy, invite-dispatcher's `inviteOnce`, until the Willo sandbox
 * holds the invitation. One move at a time; p50 and p99 per path. "Polling alone": SR's webhooks
 * dropped and the tenant's sync interval set to a few seconds (through the integration decider: the
 * HTTP API's floor is 60 s, which would make the figure the interval, not the product). Runs on the
 * embedded adapters, and on Kafka with the Mongo-wire server when KAFKA_BROKERS and MONGODB_URL are set.
 * Target through webhooks: p99 < 5 s. Started by bench/invite-latency.ts; the last line is one JSON object.
 * Usage: npx tsx apps/all-in-one/src/invite-latency.bench.ts [webhookMoves=40] [pollMoves=8] [intervalSeconds=2]
 */
import { randomUUID } from 'node:crypto';
import { streams } from '@srw/contracts';
import { integrationDecider } from '@srw/domain';
import { handleCommand } from '@srw/runtime';
import { eventually } from '@srw/test-support';
import { demoTenant } from './demo-enable.routes';
import { enableThroughConsent, startProductInOneProcess } from './testing/product-driver';

const webhookMoves = Number(process.argv[2] ?? 40);
const pollMoves = Number(process.argv[3] ?? 8);
const intervalSeconds = Number(process.argv[4] ?? 2);

interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (value: number) => Number(value.toFixed(1));
const summary = (values: number[]): Latencies => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: values.length, p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)), max: ms(sorted.at(-1)!) };
};

async function measure(mode: string, serverEnv: Record<string, string>): Promise<{ webhook: Latencies; polling: Latencies }> {
  const product = await startProductInOneProcess({ name: 'bench-invite-latency', sandbox: { jobs: 2, candidates: Math.max(200, (webhookMoves + pollMoves) * 6) }, serverEnv, logLevel: 'error' });
  try {
    const { allInOne, service, api } = product;
    const { sr, willo } = allInOne.sandboxes();
    const srTenant = sr.control.tenant();
    await enableThroughConsent(api, sr);

    // The job with the most candidates that can be moved into its first INTERVIEW step (ASCII emails: the Willo sandbox refuses others).
    const movable = (jobId: string) =>
      [...srTenant.applications.values()]
        .filter((a) => a.jobId === jobId && ['LEAD', 'NEW', 'IN_REVIEW'].includes(a.status) && /^[\x21-\x7e]+$/.test(srTenant.candidates.get(a.candidateId)?.email ?? ''))
        .map((a) => a.candidateId);
    const job = [...srTenant.jobs.values()].filter((j) => !['CLOSED', 'FILLED', 'CANCELLED'].includes(j.status)).sort((a, b) => movable(b.id).length - movable(a.id).length)[0];
    if (!job) throw new Error('no open job in the seeded SR sandbox');
    const candidates = [...new Set(movable(job.id))];
    if (candidates.length < webhookMoves + pollMoves) throw new Error(`job ${job.id} has ${candidates.length} movable candidates, fewer than ${webhookMoves + pollMoves}`);
    const step = srTenant.hiringProcesses.find((p) => p.id === job.hiringProcessId)?.subStatuses.INTERVIEW[0];
    if (!step) throw new Error(`job ${job.id} has no INTERVIEW step`);
    await eventually(async () => (await api.GET('/jobs/{jobId}/stages', { params: { path: { jobId: job.id } } })).data, { what: 'the job’s stages', timeoutMs: 60_000 });
    const interviewId = willo.interviewKeys[0]!;
    const mapped = await api.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId } }, body: { jobs: [{ jobId: job.id, triggerStages: [{ status: 'INTERVIEW', subStatus: step }] }] } });
    if (mapped.response.status !== 200) throw new Error(`the mapping answered ${mapped.response.status}`);
    await eventually(async () => (await api.GET('/interviews/{interviewId}/mapping', { params: { path: { interviewId } } })).data?.revision === 0 || undefined, { what: 'the mapping' });

    /** Moves each candidate in turn and waits for their invitation in the Willo sandbox: milliseconds per move. */
    const timeMoves = async (batch: string[], timeoutMs: number) => {
      const times: number[] = [];
      for (const candidateId of batch) {
        const email = srTenant.candidates.get(candidateId)!.email.toLowerCase();
        const started = performance.now();
        const moved = sr.control.moveCandidate({ candidateId, jobId: job.id, status: 'INTERVIEW', subStatus: step });
        if (!moved.ok) throw new Error(`move refused: ${moved.code}`);
        await eventually(() => willo.control.invitations().some((i) => i.interview === interviewId && i.email?.toLowerCase() === email) || undefined, {
          what: `the invitation of ${candidateId}`,
          intervalMs: 2,
          timeoutMs,
        });
        times.push(performance.now() - started);
      }
      return times;
    };

    const webhook = await timeMoves(candidates.slice(0, webhookMoves), 60_000);

    sr.control.injectFaults({ dropWebhookRate: 1 });
    const metadata = { tenantId: demoTenant, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
    await handleCommand(service.adapters.eventStore, streams.integration(demoTenant), integrationDecider, { type: 'ChangePlan', data: { plan: 'enterprise', intervalSecondsOverride: intervalSeconds }, metadata });
    const polling = await timeMoves(candidates.slice(webhookMoves, webhookMoves + pollMoves), 120_000);
    const figures = { webhook: summary(webhook), polling: summary(polling) };
    console.log(`${mode}: through SR's webhooks: p50 ${figures.webhook.p50} ms, p99 ${figures.webhook.p99} ms, max ${figures.webhook.max} ms over ${webhook.length} moves (target p99 < 5000 ms)`);
    console.log(`${mode}: through polling alone, every ${intervalSeconds} s: p50 ${figures.polling.p50} ms, p99 ${figures.polling.p99} ms, max ${figures.polling.max} ms over ${polling.length} moves (floor: half an interval, ${intervalSeconds * 500} ms, on average)`);
    return figures;
  } finally {
    await product.stop();
  }
}

const results: Record<string, unknown> = { embedded: await measure('embedded adapters', {}) };
const kafka = process.env['KAFKA_BROKERS'];
const mongo = process.env['MONGODB_URL'];
if (kafka && mongo) {
  results['kafka'] = await measure('Kafka + Mongo-wire', { KAFKA_BROKERS: kafka, MONGODB_URL: mongo, MONGODB_DATABASE: `bench_invite_latency_${randomUUID().slice(0, 8)}` });
} else {
  console.log('Kafka + Mongo-wire: skipped (KAFKA_BROKERS or MONGODB_URL not set)');
  results['kafka'] = 'skipped';
}
console.log(JSON.stringify({ bench: 'invite-latency', intervalSeconds, targetWebhookP99Ms: 5000, unit: 'ms', ...results }));
