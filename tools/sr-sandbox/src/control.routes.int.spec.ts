import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SrSandbox, startSrSandbox } from './start-sandbox';

/** The HTTP control API that demos use against a standalone sandbox. */
describe('sandbox control API over HTTP', () => {
  let sandbox: SrSandbox;
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { jobs: 1, candidates: 1 } });
  });
  afterAll(() => sandbox.close());

  const post = async (path: string, body: unknown = {}) => {
    const answer = await fetch(`${sandbox.url}/_control/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: answer.status, json: (await answer.json()) as Record<string, unknown> };
  };

  it('seeds, issues a grant, moves a candidate, injects faults and revokes', async () => {
    expect((await post('seed', { seed: 4, jobs: 40, candidates: 400 })).json).toMatchObject({ jobs: 40, candidates: 400 });
    const grant = await post('grants', { scopes: ['jobs_read', 'candidates_read'] });
    const bearer = { authorization: `Bearer ${grant.json['access_token']}` };
    expect((await fetch(`${sandbox.url}/jobs?limit=1`, { headers: bearer })).status).toBe(200);

    const application = [...sandbox.control.tenant().applications.values()].find((a) => a.status !== 'HIRED')!;
    const moved = await post('move', { candidateId: application.candidateId, jobId: application.jobId, status: 'HIRED' });
    expect(moved.json).toMatchObject({ status: 'HIRED' });
    expect((await post('move', { candidateId: 'nobody', jobId: application.jobId, status: 'HIRED' })).status).toBe(404);

    await post('faults', { tooManyRequestsRate: 1 });
    expect((await fetch(`${sandbox.url}/jobs?limit=1`, { headers: bearer })).status).toBe(429);
    await post('faults', {});

    expect((await post('revoke')).json['revoked']).toBeGreaterThan(0);
    expect((await fetch(`${sandbox.url}/jobs?limit=1`, { headers: bearer })).status).toBe(401);
    expect((await post('clock', { advanceMs: 60_000 })).status).toBe(200);
  });
});
