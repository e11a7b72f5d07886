import { type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from './paging';
import { connectToSandbox } from './testing';

describe('rate limits and faults against the sandbox', () => {
  let sandbox: SrSandbox;
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { jobs: 300, candidates: 600 } });
  });
  afterEach(() => sandbox.control.injectFaults({}));
  afterAll(() => sandbox.close());

  it('a 429 storm slows the client down but every call succeeds', async () => {
    const { client } = await connectToSandbox(sandbox, { retry: { baseDelayMs: 50, maxDelayMs: 800 } });
    // 30% of answers are 429: ten attempts all failing has odds of 6 in a million per call.
    sandbox.control.injectFaults({ tooManyRequestsRate: 0.3 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.jobs.hiringProcesses()));
    expect(results[0]!.length).toBeGreaterThan(0);
    expect(results).toEqual(Array.from({ length: 20 }, () => results[0]));
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });

  it('5xx answers are retried on reads', async () => {
    const { client } = await connectToSandbox(sandbox, { retry: { baseDelayMs: 20, maxDelayMs: 200 } });
    sandbox.control.injectFaults({ serverErrorRate: 0.3 });
    const jobs = [];
    for await (const job of itemsOf(client.jobs.list())) jobs.push(job.id);
    expect(jobs).toHaveLength(300);
  });

  it('shares one budget between clients of the same credential and never exceeds SR limits', async () => {
    const credentialId = `shared-${Date.now()}`;
    const a = await connectToSandbox(sandbox, { credentialId });
    // A second client object for the same credential must share the limiter, grants aside.
    const b = await connectToSandbox(sandbox, { credentialId, limiter: a.client.limiter });
    const before = sandbox.control.stats().rateLimited;
    const listings = Array.from({ length: 3 }, (_, i) => (async () => {
      const ids = [];
      for await (const c of itemsOf((i % 2 === 0 ? a : b).client.candidates.list({ limit: 100 }))) ids.push(c.id);
      return ids.length;
    })());
    const reads = Array.from({ length: 20 }, () => b.client.jobs.hiringProcesses());
    const counts = await Promise.all(listings);
    await Promise.all(reads);
    expect(counts).toEqual([600, 600, 600]);
    // a and b are different grants at the sandbox, so this proves the client side alone keeps within limits
    expect(sandbox.control.stats().rateLimited).toBe(before);
  });

  it('latency faults slow the client without it ever exceeding SR limits', async () => {
    const { client } = await connectToSandbox(sandbox);
    sandbox.control.injectFaults({ latencyRate: 0.5, latencyMs: 300 });
    const before = sandbox.control.stats().rateLimited;
    const listing = (async () => {
      const ids = [];
      for await (const c of itemsOf(client.candidates.list({ limit: 100 }))) ids.push(c.id);
      return ids.length;
    })();
    const reads = Promise.all(Array.from({ length: 24 }, () => client.jobs.hiringProcesses()));
    expect(await listing).toBe(600);
    const answers = await reads;
    expect(answers[0]!.length).toBeGreaterThan(0);
    expect(answers).toEqual(Array.from({ length: 24 }, () => answers[0]));
    expect(sandbox.control.stats().rateLimited).toBe(before);
  });

  it('observes X-RateLimit-* headers', async () => {
    const { client } = await connectToSandbox(sandbox);
    await client.jobs.hiringProcesses();
    expect(client.limiter.lastObserved).toMatchObject({ limit: 10, concurrentLimit: 8 });
  });
});
