import { randomUUID } from 'node:crypto';
import { fuzzOpenApi, installFuzzerHint, schemathesisBinary } from '@srw/http-api/testing';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { announceSkip, isCi, seedFrom, seededRandom } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfigApiHarness, tokenFor, type ConfigApiHarness } from './testing/config-api-harness';

const binary = schemathesisBinary();
if (!binary && isCi()) throw new Error(`schemathesis is not installed, and CI must fuzz config-api: ${installFuzzerHint} (.ci/run does)`);
if (!binary) announceSkip('config-api fuzz', `schemathesis is not installed; ${installFuzzerHint}`);

/** The seed of every run unless `TEST_SEED` replays another: the same cases each time, printed. */
const fixedSeed = 20_260_901;
/** Cases per operation and phase: the whole spec in well under a minute here (13 operations). */
const maxExamplesPerOperation = 25;
/** A backstop for a hung fuzzer; the spec's own timeout is above it. */
const fuzzTimeoutSeconds = 120;

/**
 * Property-based fuzzing of config-api from its own OpenAPI document (schemathesis), over the real
 * app (the security edge, the error handler, the embedded stores) with a tenant that has jobs, their
 * stages, a connected integration and a mapping: no answer may be a 5xx, and every answer must be
 * one the document describes (status, content type, body).
 */
describe.skipIf(!binary)('config-api fuzzed from its OpenAPI document', () => {
  const tenantId = `fuzz-${randomUUID().slice(0, 8)}`;
  let store: SqliteReadStore;
  let h: ConfigApiHarness;
  beforeAll(async () => {
    store = await SqliteReadStore.open();
    h = await openConfigApiHarness(store);
    for (let n = 0; n < 30; n++) await h.seedJob(tenantId, `job-${n}`, `Engineer ${n}`, new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString());
    await h.project();
    const client = await h.client(tenantId);
    const mapped = await client.PUT('/interviews/{interviewId}/mapping', {
      params: { path: { interviewId: 'iv-1' } },
      body: { jobs: [{ jobId: 'job-1', triggerStages: [{ status: 'NEW', subStatus: null }] }] },
    });
    if (mapped.response.status !== 200) throw new Error(`seeding the mapping failed: ${mapped.response.status}`);
    await h.project();
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
  });

  it('answers no 5xx and nothing the document does not describe', async () => {
    const { seed } = seededRandom('config-api fuzz', process.env['TEST_SEED'] ? seedFrom() : fixedSeed);
    const authorization = `Bearer ${await tokenFor(tenantId, 'admin-fuzz')}`;
    const report = await fuzzOpenApi({ app: h.service.app, authorization, seed, maxExamplesPerOperation, timeoutSeconds: fuzzTimeoutSeconds, ...(binary ? { binary } : {}) });
    const cases = /Test cases:\s*\n\s*(.+)/.exec(report.output)?.[1] ?? 'no summary';
    console.info(`config-api fuzz: seed ${seed}, ${maxExamplesPerOperation} cases per operation and phase, ${cases}, ${report.durationMs} ms; replay: ${report.command}`);
    expect(report.passed, report.output).toBe(true);
  }, (fuzzTimeoutSeconds + 30) * 1000);
});
