import { announceSkip, isCi, seededRandom } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { authenticateJwt } from '../authenticate-jwt';
import { fuzzOpenApi, installFuzzerHint, schemathesisBinary } from './fuzz-openapi';
import { createSampleNotesApi } from './sample-notes-api';
import { signTestToken, testJwtOptions } from './test-tokens';

const binary = schemathesisBinary();
if (!binary && isCi()) throw new Error(`schemathesis is not installed, and CI must fuzz: ${installFuzzerHint} (.ci/run does)`);
if (!binary) announceSkip('fuzz-openapi', `schemathesis is not installed; ${installFuzzerHint}`);

/** Cases per operation: enough to hit the planted fault on every seed tried, small enough for CI (~1 s per operation here). */
const maxExamplesPerOperation = 20;
/** A backstop for a hung run, far above its few seconds; the spec's own timeout is above it. */
const fuzzTimeoutSeconds = 180;
const specTimeoutMs = (fuzzTimeoutSeconds + 30) * 1000;

async function fuzzSample(bug?: 'put-of-unknown-note-crashes') {
  const { seed } = seededRandom('fuzz-openapi');
  const app = createSampleNotesApi({ authenticate: authenticateJwt(testJwtOptions()), ...(bug ? { bug } : {}) });
  // Long enough for the whole run: the fuzzer's requests carry one token.
  const authorization = `Bearer ${await signTestToken({ expiresInSeconds: 3600 })}`;
  const report = await fuzzOpenApi({ app, authorization, seed, maxExamplesPerOperation, binary, timeoutSeconds: fuzzTimeoutSeconds });
  console.info(`fuzz-openapi: ${bug ?? 'fixed'} sample, 5 operations, ${report.durationMs} ms (${Math.round(report.durationMs / 5)} ms per operation), seed ${seed}`);
  return report;
}

describe.skipIf(!binary)('fuzzing an API from its own OpenAPI document (schemathesis)', () => {
  it('catches the 5xx of a deliberately broken endpoint, with a report that names it and the seed', async () => {
    const report = await fuzzSample('put-of-unknown-note-crashes');
    expect(report.passed, report.output).toBe(false);
    expect(report.output).toMatch(/Server error/i);
    expect(report.output).toContain('PUT /v1/notes/{noteId}');
  }, specTimeoutMs);

  it('passes the fixed API: no 5xx, every answer as documented', async () => {
    const report = await fuzzSample();
    expect(report.passed, report.output).toBe(true);
  }, specTimeoutMs);
});
