import { type SrSandbox, startSrSandbox } from '@srw/sr-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToSandbox } from './testing';
import { itemsOf, type Page } from './paging';
import type { JobSummary } from './schemas/jobs';

describe('jobs against the sandbox (10,000 jobs, SR rate limit on)', () => {
  let sandbox: SrSandbox;
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 42, jobs: 10_000, candidates: 1_000 } });
  });
  afterAll(() => sandbox.close());

  it('pages through every job once, 100 per call, without a 429', async () => {
    const { client } = await connectToSandbox(sandbox);
    const limitedBefore = sandbox.control.stats().rateLimited;
    const ids = new Set<string>();
    let calls = 0;
    for await (const page of client.jobs.list()) {
      calls++;
      for (const job of page.items) ids.add(job.id);
    }
    expect(ids.size).toBe(10_000);
    expect(calls).toBe(100);
    expect(sandbox.control.stats().rateLimited).toBe(limitedBefore);
  });

  it('resumes from a recorded cursor without gaps or repeats', async () => {
    const { client } = await connectToSandbox(sandbox);
    const seen: string[] = [];
    let checkpoint: string | undefined;
    for await (const page of client.jobs.list({ limit: 100 })) {
      seen.push(...page.items.map((j) => j.id));
      checkpoint = page.nextCursor;
      if (seen.length === 300) break; // a poller crash after its third checkpoint
    }
    const rest: Page<JobSummary>[] = [];
    for await (const page of client.jobs.list({ limit: 100 }, checkpoint)) {
      rest.push(page);
      if (rest.length === 2) break;
    }
    const resumed = rest.flatMap((p) => p.items.map((j) => j.id));
    const all = [...sandbox.control.tenant().sortedJobIds];
    expect([...seen, ...resumed]).toEqual(all.slice(0, 500));
  });

  it('filters by updatedAfter and reads one job with its details', async () => {
    const { client } = await connectToSandbox(sandbox);
    const tenant = sandbox.control.tenant();
    const sorted = [...tenant.jobs.values()].map((j) => j.updatedOn).sort((a, b) => b - a);
    const since = new Date(sorted[49] as number).toISOString();
    const recent = [];
    for await (const job of itemsOf(client.jobs.list({ updatedAfter: since }))) recent.push(job);
    expect(recent.length).toBe(49);
    const details = await client.jobs.get(recent[0]?.id as string);
    expect(details.title).toBe(recent[0]?.title);
    expect(details.jobAd?.sections?.jobDescription?.text).toBeTruthy();
    expect(details.typeOfEmployment?.label).toBeTruthy();
  });

  it('lists the hiring processes with their steps', async () => {
    const { client } = await connectToSandbox(sandbox);
    const processes = await client.jobs.hiringProcesses();
    expect(processes.map((p) => p.id)).toContain('hp-standard');
    expect(processes[0]?.subStatuses?.INTERVIEW?.length).toBeGreaterThan(0);
  });

  it('reports an unknown job as NotFoundError', async () => {
    const { client } = await connectToSandbox(sandbox);
    await expect(client.jobs.get('no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
