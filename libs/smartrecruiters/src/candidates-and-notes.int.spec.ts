import { ForbiddenError, NotFoundError, UpstreamError, ValidationError } from '@srw/errors';
import { type SrSandbox, type SbApplication, startSrSandbox } from '@srw/sr-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from './paging';
import { integrationScopes } from './scopes';
import { connectToSandbox } from './testing';

describe('candidates, applications, audit events and notes against the sandbox', () => {
  let sandbox: SrSandbox;
  let target: SbApplication;
  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed: 3, jobs: 30, candidates: 2_000 } });
    const tenant = sandbox.control.tenant();
    target = [...tenant.applications.values()].find((a) => a.status === 'NEW' && tenant.hiringProcesses[0]?.id === tenant.jobs.get(a.jobId)?.hiringProcessId) as SbApplication;
  });
  afterAll(() => sandbox.close());

  it('lists the candidates of a job in a stage, across pages', async () => {
    const { client } = await connectToSandbox(sandbox);
    const tenant = sandbox.control.tenant();
    const expected = [...tenant.applications.values()].filter((a) => a.jobId === target.jobId && a.status === 'NEW').map((a) => a.candidateId);
    const found = [];
    for await (const candidate of itemsOf(client.candidates.list({ jobId: target.jobId, status: 'NEW', limit: 5 }))) found.push(candidate.id);
    expect(found.sort()).toEqual(expected.sort());
  });

  it('sees a stage move in the stage filter, the application, its history and the audit feed', async () => {
    const { client } = await connectToSandbox(sandbox);
    const moved = sandbox.control.moveCandidate({ candidateId: target.candidateId, jobId: target.jobId, status: 'INTERVIEW', subStatus: 'Video interview' });
    expect(moved.ok).toBe(true);

    const inStage = [];
    for await (const c of itemsOf(client.candidates.list({ jobId: target.jobId, status: 'INTERVIEW', subStatus: 'Video interview' }))) inStage.push(c.id);
    expect(inStage).toContain(target.candidateId);

    const application = await client.candidates.application(target.candidateId, target.jobId);
    expect(application).toMatchObject({ status: 'INTERVIEW', subStatus: 'Video interview', applicationId: target.applicationId });
    const history = await client.candidates.statusHistory(target.candidateId, target.jobId);
    expect(history.at(-1)).toMatchObject({ status: 'INTERVIEW', subStatus: 'Video interview' });

    const events = [];
    for await (const e of itemsOf(client.auditEvents.list({ eventName: ['JOB_APPLICATION_STATE_MODIFIED'], entityType: ['APPLICATION'] }))) events.push(e);
    expect(events.at(-1)).toMatchObject({ entityId: target.applicationId, context: { currentStatus: 'INTERVIEW', currentStep: 'Video interview', previousStatus: 'NEW' } });
  });

  it('resumes the audit feed from a cursor', async () => {
    const { client } = await connectToSandbox(sandbox);
    const tenant = sandbox.control.tenant();
    const moves = [...tenant.applications.values()].filter((a) => a.status === 'HIRED').slice(0, 5);
    for (const a of moves) sandbox.control.moveCandidate({ candidateId: a.candidateId, jobId: a.jobId, status: 'REJECTED' });
    const first = await client.auditEvents.list({ limit: 2 }).next();
    const cursor = first.value ? first.value.nextCursor : undefined;
    const rest = [];
    for await (const e of itemsOf(client.auditEvents.list({ limit: 2 }, cursor))) rest.push(e.id);
    expect(rest.length).toBe(tenant.auditEvents.length - 2);
  });

  it('reads candidate details with the primary assignment', async () => {
    const { client } = await connectToSandbox(sandbox);
    const details = await client.candidates.get(target.candidateId);
    expect(details.id).toBe(target.candidateId);
    expect(details.primaryAssignment?.job?.id ?? details.primaryAssignment?.id).toBeTruthy();
    await expect(client.candidates.get('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('posts a note linked to the candidate and finds it again by its marker', async () => {
    // Deleting needs messages_manage, which the integration itself does not ask for.
    const { client } = await connectToSandbox(sandbox, { scopes: [...integrationScopes(), 'messages_manage'] });
    const marker = '[willo:response-1]';
    expect(await client.messages.findNote(target.candidateId, marker)).toBeUndefined();
    const created = await client.messages.postNote({ candidateId: target.candidateId, content: `Interview completed ${marker}`, hiringTeamOf: [target.jobId], openNote: true });
    expect(created.id).toBeTruthy();
    const found = await client.messages.findNote(target.candidateId, marker, target.jobId);
    expect(found?.content).toContain(`#[CANDIDATE:${target.candidateId}]`);
    await client.messages.delete(created.id);
    expect(await client.messages.findNote(target.candidateId, marker)).toBeUndefined();
  });

  it('refuses a note longer than SR accepts before sending it', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const { client } = await connectToSandbox(sandbox, { fetch: counting });
    const error = await client.messages.postNote({ candidateId: target.candidateId, content: 'x'.repeat(10_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('content');
    expect(calls).toBe(0);
  });

  it('rejects invalid notes with SR codes', async () => {
    const { client } = await connectToSandbox(sandbox);
    const error = await client.messages.postNote({ candidateId: 'not-a-candidate', content: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toContain('NO_ACCESS_TO_CANDIDATE');
  });

  it('enforces scopes per endpoint', async () => {
    const { client } = await connectToSandbox(sandbox, { scopes: ['jobs_read'] });
    await expect(client.jobs.list().next()).resolves.toMatchObject({ done: false });
    const error = await client.candidates.list().next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    await expect(client.messages.postNote({ candidateId: target.candidateId, content: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('pages users', async () => {
    const { client } = await connectToSandbox(sandbox);
    const users = [];
    for await (const u of itemsOf(client.users.list({ limit: 7 }))) users.push(u.id);
    expect(new Set(users).size).toBe(sandbox.control.tenant().users.size);
    await expect(client.users.get(users[0] as string)).resolves.toMatchObject({ id: users[0] });
  });
});
