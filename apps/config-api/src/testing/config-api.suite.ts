import { randomUUID } from 'node:crypto';
import { streams } from '@srw/contracts';
import type { ReadStore } from '@srw/read-store';
import { assertTenantIsolation } from '@srw/http-api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStages, jwtSettings, openConfigApiHarness, tokenFor, type ConfigApiHarness } from './config-api-harness';

type Problem = { status: number; type: string; errors?: { path: string; message: string }[] };

/**
 * Every endpoint of config-api, through the typed client, on one read store. Run once per adapter
 * (embedded SQLite and the Mongo-wire server): tenants are unique per run.
 */
export function configApiSuite(adapter: string, openReadStore: () => Promise<ReadStore>, closeReadStore: (store: ReadStore) => Promise<void>): void {
  describe(`config-api on the ${adapter}`, () => {
    let h: ConfigApiHarness;
    let store: ReadStore;
    const run = randomUUID().slice(0, 8);
    const tenant = (name: string) => `${name}-${run}`;

    beforeAll(async () => {
      store = await openReadStore();
      h = await openConfigApiHarness(store);
    });
    afterAll(async () => {
      await h?.close();
      if (store) await closeReadStore(store);
    });

    describe('integrations', () => {
      it('walks enable → connected → plan → sync now → sync runs → disconnect, each reflected in the status', async () => {
        const acme = tenant('acme');
        const client = await h.client(acme, 'admin-7');

        const fresh = await client.GET('/integrations');
        expect(fresh.data?.items).toEqual([expect.objectContaining({ id: 'smartrecruiters', status: 'disabled', plan: null })]);

        const enabled = await client.POST('/integrations/{integrationId}/enable', { params: { path: { integrationId: 'smartrecruiters' } }, body: { plan: 'growth' } });
        expect(enabled.response.status).toBe(200);
        const url = new URL(enabled.data!.authorizationUrl);
        expect(url.origin + url.pathname).toBe('https://sr.example.test/identity/oauth/allow');
        expect(url.searchParams.get('state')).toBeTruthy();
        await h.project();
        expect((await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } })).data).toMatchObject({ status: 'connecting', plan: 'growth' });

        // Sync now before the grant: the integration's state refuses it.
        const early = await client.POST('/integrations/{integrationId}/sync', { params: { path: { integrationId: 'smartrecruiters' } } });
        expect(early.response.status).toBe(409);
        expect(early.response.headers.get('content-type')).toContain('application/problem+json');

        await h.append(streams.integration(acme), 'IntegrationConnected', { connectedBy: 'admin-7', scopes: ['jobs_read'], accessTokenExpiresAt: '2030-01-01T00:00:00.000Z' });
        const plan = await client.PUT('/integrations/{integrationId}/plan', { params: { path: { integrationId: 'smartrecruiters' } }, body: { plan: 'scale', intervalSecondsOverride: 600 } });
        expect(plan.response.status).toBe(202);
        const sync = await client.POST('/integrations/{integrationId}/sync', { params: { path: { integrationId: 'smartrecruiters' } }, body: { kind: 'full' } });
        expect(sync.response.status).toBe(202);
        const runId = 'run1';
        await h.append(streams.syncRun(acme, runId), 'SyncRunStarted', { runId, kind: 'initial', resources: ['jobs'] }, '2026-03-01T10:00:00.000Z');
        await h.append(streams.syncRun(acme, runId), 'SyncRunCompleted', { counts: { jobs: 3 }, apiCalls: 4, durationMs: 900 }, '2026-03-01T10:00:01.000Z');
        await h.project();

        const status = (await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } })).data!;
        expect(status).toMatchObject({ status: 'enabled', plan: 'scale', intervalSecondsOverride: 600, intervalSeconds: 600, lastSync: { runId, outcome: 'completed' } });
        expect(status.nextSyncAt).toBe('2026-03-01T10:10:01.000Z');
        expect(status.syncRequestedAt).not.toBeNull();
        const runs = await client.GET('/integrations/{integrationId}/sync-runs', { params: { path: { integrationId: 'smartrecruiters' }, query: { limit: 5 } } });
        expect(runs.data?.items).toEqual([expect.objectContaining({ runId, status: 'completed', counts: { jobs: 3 } })]);

        const off = await client.POST('/integrations/{integrationId}/disconnect', { params: { path: { integrationId: 'smartrecruiters' } }, body: { reason: 'moving ATS' } });
        expect(off.response.status).toBe(202);
        await h.project();
        expect((await client.GET('/integrations')).data?.items[0]?.status).toBe('disabled');
      });

      it('answers bad input with 400 problem+json naming the failing fields', async () => {
        const client = await h.client(tenant('bad-input'));
        const badPlan = await client.PUT('/integrations/{integrationId}/plan', {
          params: { path: { integrationId: 'smartrecruiters' } },
          body: { plan: 'platinum' as never, intervalSecondsOverride: 5 },
        });
        expect(badPlan.response.status).toBe(400);
        expect((badPlan.error as Problem).errors?.map((e) => e.path).sort()).toEqual(['intervalSecondsOverride', 'plan']);
        const unknownIntegration = await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'workday' as never } } });
        expect(unknownIntegration.response.status).toBe(400);
        const notJson = await h.request('/v1/integrations/smartrecruiters/plan', {
          method: 'PUT',
          headers: { authorization: `Bearer ${await tokenFor(tenant('bad-input'))}`, 'content-type': 'application/json' },
          body: '{"plan":',
        });
        expect(notJson.status).toBe(400);
        expect(notJson.headers.get('content-type')).toContain('application/problem+json');
      });
    });

    describe('jobs', () => {
      const t = () => tenant('jobs');
      beforeAll(async () => {
        const titles = ['Senior Backend Engineer', 'Engineering Lead', 'Designer', 'Énergie Consultant', 'Data Analyst'];
        for (let n = 0; n < 25; n++) {
          await h.seedJob(t(), `job-${String(n).padStart(2, '0')}`, `${titles[n % titles.length]} ${n}`, new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString());
        }
        await h.project();
      });

      it('lists the most recently updated first, paging with an opaque cursor through every job once', async () => {
        const client = await h.client(t());
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.GET('/jobs', { params: { query: { limit: 7, ...(cursor ? { cursor } : {}) } } });
          expect(page.response.status).toBe(200);
          seen.push(...page.data!.items.map((job) => job.jobId));
          cursor = page.data!.nextCursor;
        } while (cursor);
        expect(seen).toEqual(Array.from({ length: 25 }, (_, n) => `job-${String(24 - n).padStart(2, '0')}`));
      });

      it('searches part of the title, whatever the case and accents', async () => {
        const client = await h.client(t());
        const titles = async (q: string) => (await client.GET('/jobs', { params: { query: { q, limit: 100 } } })).data!.items.map((job) => job.title);
        expect(await titles('ENGINEER')).toEqual(['Engineering Lead 21', 'Senior Backend Engineer 20', 'Engineering Lead 16', 'Senior Backend Engineer 15', 'Engineering Lead 11', 'Senior Backend Engineer 10', 'Engineering Lead 6', 'Senior Backend Engineer 5', 'Engineering Lead 1', 'Senior Backend Engineer 0']);
        expect(await titles('energie consultant 1')).toEqual(['Énergie Consultant 18', 'Énergie Consultant 13']);
        expect(await titles('backend engineer 2')).toEqual(['Senior Backend Engineer 20']);
        expect(await titles('nothing like it')).toEqual([]);
        const paged = await client.GET('/jobs', { params: { query: { q: 'lead', limit: 2 } } });
        const next = await client.GET('/jobs', { params: { query: { q: 'lead', limit: 2, cursor: paged.data!.nextCursor! } } });
        expect([...paged.data!.items, ...next.data!.items].map((job) => job.jobId)).toEqual(['job-21', 'job-16', 'job-11', 'job-06']);
      });

      it('refuses a foreign cursor and a bad limit with 400 naming them', async () => {
        const client = await h.client(t());
        const cursor = await client.GET('/jobs', { params: { query: { cursor: 'not-ours' } } });
        expect(cursor.response.status).toBe(400);
        expect((cursor.error as Problem).errors?.map((e) => e.path)).toEqual(['cursor']);
        const limit = await client.GET('/jobs', { params: { query: { limit: 0 } } });
        expect(limit.response.status).toBe(400);
        expect((limit.error as Problem).errors?.map((e) => e.path)).toEqual(['limit']);
      });

      it('answers a job’s stages in order, and 404 for a job it does not know', async () => {
        const client = await h.client(t());
        const stages = await client.GET('/jobs/{jobId}/stages', { params: { path: { jobId: 'job-03' } } });
        expect(stages.data).toEqual({ jobId: 'job-03', stages: defaultStages.map((s, order) => ({ ...s, label: s.subStatus ?? s.status, order })) });
        const missing = await client.GET('/jobs/{jobId}/stages', { params: { path: { jobId: 'job-99' } } });
        expect(missing.response.status).toBe(404);
      });

      it('offers only the steps of the job’s own hiring process once one is seen on its applications, and refuses a mapping on another process’s step', async () => {
        const tp = tenant('process');
        const video = { status: 'INTERVIEW', subStatus: 'Video interview' };
        const assessment = { status: 'INTERVIEW', subStatus: 'Assessment centre' };
        await h.seedJob(tp, 'jp', 'Graduate Engineer', '2026-01-01T00:00:00.000Z', [{ status: 'NEW', subStatus: null }, { ...video, processIds: ['standard'] }, { ...assessment, processIds: ['graduate'] }]);
        await h.project();
        const client = await h.client(tp);
        const offered = async () => (await client.GET('/jobs/{jobId}/stages', { params: { path: { jobId: 'jp' } } })).data?.stages.map((s) => s.subStatus ?? s.status);
        // SR names no process on a job: every process's steps until one of the job's shows.
        expect(await offered()).toEqual(['NEW', 'Video interview', 'Assessment centre']);
        await h.append(streams.srApplication(tp, 'c1', 'jp'), 'ApplicationStageObserved', { candidateId: 'c1', jobId: 'jp', from: null, to: assessment, changedOn: '2026-01-02T00:00:00.000Z', source: 'history' });
        await h.project();
        expect(await offered()).toEqual(['NEW', 'Assessment centre']);

        const refused = await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-p' } }, body: { jobs: [{ jobId: 'jp', triggerStages: [video] }] } });
        expect(refused.response.status).toBe(400);
        expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
        expect((refused.error as Problem).errors?.map((e) => e.path)).toEqual(['jobs.0.triggerStages.0']);
        const accepted = await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-p' } }, body: { jobs: [{ jobId: 'jp', triggerStages: [assessment] }] } });
        expect(accepted.response.status).toBe(200);
      });
    });

    describe('interview mappings', () => {
      const t = () => tenant('map');
      const screening = { status: 'IN_REVIEW', subStatus: 'Screening' };
      const video = { status: 'INTERVIEW', subStatus: 'Video interview' };
      beforeAll(async () => {
        await h.seedJob(t(), 'j1', 'Backend Engineer', '2026-01-01T00:00:00.000Z');
        await h.seedJob(t(), 'j2', 'Designer', '2026-01-02T00:00:00.000Z');
        await h.project();
      });

      it('applies a list, reads it back with its ETag, and refuses writes without or with a stale If-Match (428, 412)', async () => {
        const client = await h.client(t(), 'admin-1');
        const path = { params: { path: { interviewId: 'iv-1' } } };
        expect((await client.GET('/interviews/{interviewId}/mapping', path)).response.status).toBe(404);

        const created = await client.PUT('/interviews/{interviewId}/mapping', { ...path, body: { jobs: [{ jobId: 'j1', triggerStages: [screening], backfill: true }, { jobId: 'j2', triggerStages: [video] }] } });
        expect(created.response.status).toBe(200);
        expect(created.response.headers.get('etag')).toBe('"0"');
        expect(created.data).toMatchObject({ interviewId: 'iv-1', revision: 0, jobs: [{ jobId: 'j1', triggerStages: [screening], backfill: true }, { jobId: 'j2', triggerStages: [video], backfill: false }], appliedBy: 'admin-1' });

        await h.project();
        const read = await client.GET('/interviews/{interviewId}/mapping', path);
        expect(read.response.headers.get('etag')).toBe('"0"');
        expect(read.data?.jobs).toEqual(created.data?.jobs);

        const noIfMatch = await client.PUT('/interviews/{interviewId}/mapping', { ...path, body: { jobs: [{ jobId: 'j1', triggerStages: [video] }] } });
        expect(noIfMatch.response.status).toBe(428);
        // Another admin changes it first; the first admin's change, made against revision 0, is refused.
        const other = await h.client(t(), 'admin-2');
        const second = await other.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-1' }, header: { 'if-match': '"0"' } }, body: { jobs: [{ jobId: 'j1', triggerStages: [video] }] } });
        expect(second.response.status).toBe(200);
        expect(second.data).toMatchObject({ revision: 2, jobs: [{ jobId: 'j1', triggerStages: [video], backfill: false }] });
        const stale = await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-1' }, header: { 'if-match': '"0"' } }, body: { jobs: [{ jobId: 'j2', triggerStages: [screening] }] } });
        expect(stale.response.status).toBe(412);
        expect(stale.response.headers.get('content-type')).toContain('application/problem+json');

        await h.project();
        const after = await client.GET('/interviews/{interviewId}/mapping', path);
        expect(after.response.headers.get('etag')).toBe('"2"');
        expect(after.data?.jobs).toEqual([{ jobId: 'j1', triggerStages: [video], backfill: false }]);
      });

      it('validates the list against the tenant’s synced jobs and stages, and refuses duplicates, naming each field', async () => {
        const client = await h.client(t());
        const path = { params: { path: { interviewId: 'iv-bad' } } };
        const unknown = await client.PUT('/interviews/{interviewId}/mapping', {
          ...path,
          body: { jobs: [{ jobId: 'j1', triggerStages: [{ status: 'OFFERED', subStatus: null }] }, { jobId: 'nope', triggerStages: [screening] }] },
        });
        expect(unknown.response.status).toBe(400);
        expect((unknown.error as Problem).errors?.map((e) => e.path)).toEqual(['jobs.0.triggerStages.0', 'jobs.1.jobId']);
        const duplicates = await client.PUT('/interviews/{interviewId}/mapping', {
          ...path,
          body: { jobs: [{ jobId: 'j1', triggerStages: [screening, screening] }, { jobId: 'j1', triggerStages: [video] }] },
        });
        expect(duplicates.response.status).toBe(400);
        expect((duplicates.error as Problem).errors?.map((e) => e.path).sort()).toEqual(['jobs.0.triggerStages.1', 'jobs.1.jobId']);
        const empty = await client.PUT('/interviews/{interviewId}/mapping', { ...path, body: { jobs: [] } });
        expect(empty.response.status).toBe(400);
        const badIfMatch = await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-bad' }, header: { 'if-match': 'yesterday' } }, body: { jobs: [{ jobId: 'j1', triggerStages: [screening] }] } });
        expect(badIfMatch.response.status).toBe(400);
        expect((badIfMatch.error as Problem).errors?.map((e) => e.path)).toEqual(['if-match']);
      });

      it('removes a mapping with its revision: 428 without, 204 with, 404 once gone', async () => {
        const client = await h.client(t());
        const created = await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-rm' } }, body: { jobs: [{ jobId: 'j2', triggerStages: [screening] }] } });
        expect(created.response.status).toBe(200);
        expect((await client.DELETE('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-rm' } } })).response.status).toBe(428);
        const removed = await client.DELETE('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-rm' }, header: { 'if-match': created.response.headers.get('etag')! } } });
        expect(removed.response.status).toBe(204);
        await h.project();
        expect((await client.GET('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-rm' } } })).response.status).toBe(404);
        expect((await client.DELETE('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-rm' }, header: { 'if-match': '"1"' } } })).response.status).toBe(404);
        const triggers = await h.readModels.collections.triggers.find(t(), { where: { jobId: 'j2' } });
        expect(triggers.items.map((d) => d.data.interviewId)).not.toContain('iv-rm');
      });
    });

    describe('activity', () => {
      it('shows the tenant’s timeline newest first, by interview or candidate, paged', async () => {
        const t = tenant('activity');
        await h.seedJob(t, 'j1', 'Backend Engineer', '2026-01-01T00:00:00.000Z');
        await h.project();
        const client = await h.client(t);
        await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-a' } }, body: { jobs: [{ jobId: 'j1', triggerStages: [{ status: 'NEW', subStatus: null }] }] } });
        await h.append(streams.invite(t, 'iv-a', 'c1'), 'InviteRequested', { interviewId: 'iv-a', candidateId: 'c1', jobId: 'j1', trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' });
        await h.append(streams.invite(t, 'iv-a', 'c1'), 'InviteSent', { willoParticipantId: 'p1', invitedAt: '2026-03-01T10:00:00.000Z', attempt: 1 });
        await h.append(streams.invite(t, 'iv-b', 'c2'), 'InviteFailed', { reason: 'no_email', message: 'no email', attempt: 1, retryable: false });
        await h.project();

        const all = await client.GET('/activity', { params: { query: {} } });
        expect(all.data?.items.map((e) => e.kind)).toEqual(['InviteFailed', 'InviteSent', 'InviteRequested', 'InterviewJobsConnected']);
        const byInterview = await client.GET('/activity', { params: { query: { interviewId: 'iv-a' } } });
        expect(byInterview.data?.items.map((e) => e.kind)).toEqual(['InviteSent', 'InviteRequested', 'InterviewJobsConnected']);
        const byCandidate = await client.GET('/activity', { params: { query: { candidateId: 'c2' } } });
        expect(byCandidate.data?.items).toEqual([expect.objectContaining({ kind: 'InviteFailed', reason: 'no_email', interviewId: 'iv-b', candidateId: 'c2' })]);
        const first = await client.GET('/activity', { params: { query: { limit: 3 } } });
        const rest = await client.GET('/activity', { params: { query: { limit: 3, cursor: first.data!.nextCursor! } } });
        expect([...first.data!.items, ...rest.data!.items].map((e) => e.entryId)).toEqual(all.data!.items.map((e) => e.entryId));
      });
    });

    describe('invite retry', () => {
      it('retries a stopped invite once per request (InviteRetryRequested, on the timeline); 409 for one not stopped, 404 for none or another tenant’s, 400 for a bad id', async () => {
        const t = tenant('retry');
        const requested = { interviewId: 'iv-r', candidateId: 'c1', jobId: 'j1', trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' } as const;
        await h.append(streams.invite(t, 'iv-r', 'c1'), 'InviteRequested', requested);
        const client = await h.client(t, 'admin-7');
        const retry = (interviewId: string, candidateId: string, c = client) => c.POST('/interviews/{interviewId}/invites/{candidateId}/retry', { params: { path: { interviewId, candidateId } } });

        // Pending: nothing to retry.
        const pending = await retry('iv-r', 'c1');
        expect(pending.response.status).toBe(409);
        expect(pending.response.headers.get('content-type')).toContain('application/problem+json');

        await h.append(streams.invite(t, 'iv-r', 'c1'), 'InviteFailed', { reason: 'no_email', message: 'no email', attempt: 1, retryable: false });
        expect((await retry('iv-r', 'c1')).response.status).toBe(202);
        // Pending again: a second click is refused, and the stream holds one retry.
        expect((await retry('iv-r', 'c1')).response.status).toBe(409);
        const types = (await h.eventStore.readStream(streams.invite(t, 'iv-r', 'c1'))).map((e) => e.type);
        expect(types).toEqual(['InviteRequested', 'InviteFailed', 'InviteRetryRequested']);
        await h.project();
        const timeline = await client.GET('/activity', { params: { query: { candidateId: 'c1' } } });
        expect(timeline.data?.items[0]).toMatchObject({ kind: 'InviteRetryRequested', summary: 'admin-7 asked to send the invite again', interviewId: 'iv-r' });

        expect((await retry('iv-r', 'nobody')).response.status).toBe(404);
        expect((await retry('iv-r', 'c1', await h.client(tenant('retry-stranger')))).response.status).toBe(404);
        expect((await retry('iv-r', 'c:1')).response.status).toBe(400);
      });
    });

    describe('note retry', () => {
      it('retries a stopped note once per request (NoteRetryRequested, on the timeline); 409 for one not stopped or not answered, 404 for none or another tenant’s', async () => {
        const t = tenant('note-retry');
        const stream = streams.invite(t, 'iv-n', 'c1');
        await h.append(stream, 'InviteRequested', { interviewId: 'iv-n', candidateId: 'c1', jobId: 'j1', trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' });
        await h.append(stream, 'InviteSent', { willoParticipantId: 'p1', invitedAt: '2026-03-01T10:00:00.000Z', attempt: 1 });
        const client = await h.client(t, 'admin-8');
        const retry = (interviewId: string, candidateId: string, c = client) => c.POST('/interviews/{interviewId}/invites/{candidateId}/note/retry', { params: { path: { interviewId, candidateId } } });

        // Not answered yet: no note to retry.
        const unanswered = await retry('iv-n', 'c1');
        expect(unanswered.response.status).toBe(409);
        expect(unanswered.response.headers.get('content-type')).toContain('application/problem+json');
        await h.append(stream, 'ResponseReceived', { willoParticipantId: 'p1', completedAt: '2026-03-02T10:00:00.000Z', reviewUrl: 'https://willo.example/review/p1/', source: 'webhook' });
        // Still being retried by response-writeback: not stopped.
        await h.append(stream, 'NoteWriteFailed', { reason: 'sr_unavailable', message: '503', attempt: 1, retryable: true });
        expect((await retry('iv-n', 'c1')).response.status).toBe(409);
        await h.append(stream, 'NoteWriteFailed', { reason: 'sr_rejected', message: '400', attempt: 2, retryable: false });
        expect((await retry('iv-n', 'c1')).response.status).toBe(202);
        // Retried: a second click is refused, and the stream holds one retry.
        expect((await retry('iv-n', 'c1')).response.status).toBe(409);
        expect((await h.eventStore.readStream(stream)).map((e) => e.type)).toEqual(['InviteRequested', 'InviteSent', 'ResponseReceived', 'NoteWriteFailed', 'NoteWriteFailed', 'NoteRetryRequested']);
        await h.project();
        const timeline = await client.GET('/activity', { params: { query: { candidateId: 'c1' } } });
        expect(timeline.data?.items[0]).toMatchObject({ kind: 'NoteRetryRequested', summary: 'admin-8 asked to write the response back again', interviewId: 'iv-n' });

        expect((await retry('iv-n', 'nobody')).response.status).toBe(404);
        expect((await retry('iv-n', 'c1', await h.client(tenant('note-retry-stranger')))).response.status).toBe(404);
        expect((await retry('iv-n', 'c:1')).response.status).toBe(400);
      });
    });

    describe('tenant isolation', () => {
      it('answers tenant A 404 (or its own, empty data) for every resource of tenant B, on every route of the table', async () => {
        const [a, b] = [tenant('iso-a'), tenant('iso-b')];
        const ids = { jobId: 'job-b', interviewId: 'iv-b', runId: 'run-b', candidateId: 'cand-b' };
        await h.seedJob(b, ids.jobId, 'Secret Engineer', '2026-01-01T00:00:00.000Z');
        // A stopped invite of tenant B's, which a retry by tenant A must not find.
        await h.append(streams.invite(b, ids.interviewId, ids.candidateId), 'InviteRequested', { interviewId: ids.interviewId, candidateId: ids.candidateId, jobId: ids.jobId, trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' });
        await h.append(streams.invite(b, ids.interviewId, ids.candidateId), 'InviteFailed', { reason: 'no_email', message: 'no email', attempt: 1, retryable: false });
        // And a stopped note of tenant B's, which a note retry by tenant A must not find.
        await h.append(streams.invite(b, ids.interviewId, 'cand-b2'), 'InviteRequested', { interviewId: ids.interviewId, candidateId: 'cand-b2', jobId: ids.jobId, trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' });
        await h.append(streams.invite(b, ids.interviewId, 'cand-b2'), 'ResponseReceived', { willoParticipantId: 'p-b2', completedAt: '2026-03-02T10:00:00.000Z', reviewUrl: 'https://willo.example/review/p-b2/', source: 'webhook' });
        await h.append(streams.invite(b, ids.interviewId, 'cand-b2'), 'NoteWriteFailed', { reason: 'sr_rejected', message: '400', attempt: 1, retryable: false });
        await h.append(streams.integration(b), 'IntegrationConnected', { connectedBy: 'admin-b', scopes: ['jobs_read'], accessTokenExpiresAt: '2030-01-01T00:00:00.000Z' });
        await h.append(streams.syncRun(b, ids.runId), 'SyncRunStarted', { runId: ids.runId, kind: 'initial', resources: ['jobs'] });
        await h.project();
        const b_ = await h.client(b);
        const mapped = await b_.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: ids.interviewId } }, body: { jobs: [{ jobId: ids.jobId, triggerStages: [{ status: 'NEW', subStatus: null }] }] } });
        expect(mapped.response.status).toBe(200);
        await h.project();

        const integration = { integrationId: 'smartrecruiters' as const };
        const statusOfB = async () => (await b_.GET('/integrations/{integrationId}', { params: { path: integration } })).data;
        const willoKeyOfB = `tenant-b-${randomUUID()}`;
        await h.willoCredentials.set(b, willoKeyOfB, new Date());
        const before = await statusOfB();
        const results = await assertTenantIsolation({
          app: h.service.app,
          tenantA: a,
          tenantB: b,
          tenantBIds: ids,
          authorizationOf: (tenantId) => h.authorizationOf(tenantId),
          cases: {
            'GET /healthz': { skip: 'liveness: no tenant data' },
            'GET /readyz': { skip: 'readiness: no tenant data' },
            // Operators' scrape endpoint, not a tenant API: it answers no tenant's resources, but its labels name
            // tenant ids (sync lag per tenant), so deployments keep it off the public route (README, Operating it).
            'GET /metrics': { skip: 'operational metrics for the scraper; no tenant resource' },
            'GET /v1/openapi.json': { skip: 'the public OpenAPI document holds no tenant data' },
            'GET /v1/reference': { skip: 'the public reference page holds no tenant data' },
            'GET /v1/reference/init.js': { skip: 'a static asset of the reference page' },
            'GET /v1/reference/{file}': { skip: 'static assets of the reference page' },
            // Tenant A's own integration, never tenant B's (connected, with a run): B's run id must not show.
            'GET /v1/integrations': { expect: 200 },
            'GET /v1/integrations/{integrationId}': { sharedParams: integration, expect: 200 },
            'GET /v1/integrations/{integrationId}/sync-runs': { sharedParams: integration, expect: 200 },
            // Writes to tenant A's own integration (disconnect and plan are accepted whatever its state;
            // enabling starts its own consent, after which sync now is refused): tenant B's stays as it is (checked below).
            'POST /v1/integrations/{integrationId}/disconnect': { sharedParams: integration, body: {}, expect: 202 },
            'POST /v1/integrations/{integrationId}/enable': { sharedParams: integration, body: {}, expect: 200 },
            'POST /v1/integrations/{integrationId}/sync': { sharedParams: integration, body: {}, expect: 409 },
            'PUT /v1/integrations/{integrationId}/plan': { sharedParams: integration, body: { plan: 'scale', intervalSecondsOverride: null }, expect: 202 },
            'GET /v1/jobs': { query: { q: 'secret' }, expect: 200 },
            'GET /v1/jobs/{jobId}/stages': {},
            'GET /v1/interviews/{interviewId}/mapping': {},
            // Tenant B's job is no job of tenant A's: the list is refused, nothing is written.
            'PUT /v1/interviews/{interviewId}/mapping': { body: { jobs: [{ jobId: ids.jobId, triggerStages: [{ status: 'NEW', subStatus: null }] }] }, expect: 400 },
            'DELETE /v1/interviews/{interviewId}/mapping': {},
            'GET /v1/activity': { query: { interviewId: ids.interviewId }, expect: 200 },
            'POST /v1/interviews/{interviewId}/invites/{candidateId}/retry': {},
            'POST /v1/interviews/{interviewId}/invites/{candidateId}/note/retry': { params: { interviewId: ids.interviewId, candidateId: 'cand-b2' } },
            // Tenant A's own key only: tenant B's stays as it is (checked below).
            'PUT /v1/willo-credentials': { body: { apiKey: h.willo.control.addOrganisation().apiKey }, expect: 200 },
            'DELETE /v1/willo-credentials': { expect: 200 },
          },
        });
        expect(results.filter((r) => r.ok).length).toBe(results.length);

        await h.project();
        const mine = await b_.GET('/interviews/{interviewId}/mapping', { params: { path: { interviewId: ids.interviewId } } });
        expect(mine.response.headers.get('etag')).toBe('"0"');
        expect(await statusOfB()).toEqual(before);
        expect((await h.willoCredentials.credentialOf(b))?.apiKey).toBe(willoKeyOfB);
      });
    });

    describe('willo credentials', () => {
      it('sets, replaces and deletes the tenant\'s own Willo key once Willo accepts it, answering metadata only, never the key', async () => {
        const t = tenant('willo-key');
        const client = await h.client(t);
        const [first, second] = [h.willo.control.addOrganisation().apiKey, h.willo.control.addOrganisation().apiKey];
        const set = await client.PUT('/willo-credentials', { body: { apiKey: first } });
        expect(set.response.status).toBe(200);
        expect(set.data).toEqual({ set: true, keyId: 'k1', lastFour: first.slice(-4), updatedAt: expect.any(String) });
        expect(JSON.stringify(set.data)).not.toContain(first.slice(0, -4));
        expect((await h.willoCredentials.credentialOf(t))?.apiKey).toBe(first);
        await client.PUT('/willo-credentials', { body: { apiKey: second } });
        expect((await h.willoCredentials.credentialOf(t))?.apiKey).toBe(second);
        const removed = await client.DELETE('/willo-credentials');
        expect(removed.data).toEqual({ set: false, keyId: null, lastFour: null, updatedAt: null });
        expect(await h.willoCredentials.credentialOf(t)).toBeUndefined();
        expect((await client.DELETE('/willo-credentials')).response.status).toBe(200);
      });

      const putKey = async (t: string, apiKey: string) =>
        h.request('/v1/willo-credentials', { method: 'PUT', headers: { authorization: await h.authorizationOf(t), 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });

      it('checks the key with Willo first: one GET /interviews/?page_size=1 with that key', async () => {
        const t = tenant('willo-checked');
        const { organisationId, apiKey } = h.willo.control.addOrganisation();

        expect((await putKey(t, apiKey)).status).toBe(200);

        const calls = h.willo.control.requests().filter((r) => r.organisationId === organisationId);
        expect(calls.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/interviews/', 200]]);
      });

      it('refuses a key Willo refuses (401, revoked) with a 422 problem, storing nothing and never echoing the key', async () => {
        const t = tenant('willo-refused');
        const unknown = `unknown-${randomUUID()}`;
        const revoked = h.willo.control.addOrganisation().apiKey;
        h.willo.control.revokeApiKey(revoked);

        for (const apiKey of [unknown, revoked]) {
          const response = await putKey(t, apiKey);
          const text = await response.text();
          expect(response.status).toBe(422);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          expect(JSON.parse(text)).toMatchObject({ status: 422, type: 'urn:srw:problem:willo-key-refused', title: 'Willo refused the API key', detail: expect.stringContaining('nothing was stored') });
          expect(text).not.toContain(apiKey);
        }
        expect(await h.willoCredentials.credentialOf(t)).toBeUndefined();
      });

      it('answers 503 with Retry-After when Willo cannot say (5xx, throttled), storing nothing and keeping the key it had', async () => {
        const t = tenant('willo-down');
        const kept = h.willo.control.addOrganisation().apiKey;
        expect((await putKey(t, kept)).status).toBe(200);
        const next = h.willo.control.addOrganisation().apiKey;
        try {
          for (const fault of [{ kind: 'error', status: 503 }, { kind: 'error', status: 500 }, { kind: 'throttle' }] as const) {
            h.willo.control.clearFaults();
            h.willo.control.injectFault({ ...fault, rate: 1, method: 'GET', pathPrefix: '/interviews/' });
            const response = await putKey(t, next);
            const text = await response.text();
            expect(response.status, JSON.stringify(fault)).toBe(503);
            expect(response.headers.get('content-type')).toContain('application/problem+json');
            expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
            expect(JSON.parse(text)).toMatchObject({ status: 503, type: 'urn:srw:problem:willo-unavailable', detail: expect.stringContaining('nothing was stored') });
            expect(text).not.toContain(next);
          }
        } finally {
          h.willo.control.clearFaults();
        }
        expect((await h.willoCredentials.credentialOf(t))?.apiKey).toBe(kept);
      });

      it('says in the integration status whose Willo organisation invites go to: missing until the tenant saves a key (no fallback here)', async () => {
        const t = tenant('willo-status');
        const client = await h.client(t);
        const status = async () => (await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } })).data?.willoCredentials;

        expect(await status()).toBe('missing');
        expect((await client.GET('/integrations')).data?.items[0]?.willoCredentials).toBe('missing');
        expect((await putKey(t, h.willo.control.addOrganisation().apiKey)).status).toBe(200);
        expect(await status()).toBe('tenant');
        await client.DELETE('/willo-credentials');
        expect(await status()).toBe('missing');
      });

      it('refuses a missing, short or extra-field body with a 400 problem naming the field, storing nothing', async () => {
        const t = tenant('willo-bad');
        const authorization = await h.authorizationOf(t);
        // A key with a space or line break inside could not even travel in `Authorization`: refused before any call to Willo.
        const before = h.willo.control.requests().length;
        for (const body of [{}, { apiKey: 'short' }, { apiKey: 'long-enough-key', extra: 1 }, { apiKey: 'has a space inside' }, { apiKey: 'line\nbreak-inside' }]) {
          const response = await h.request('/v1/willo-credentials', { method: 'PUT', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect(response.status, JSON.stringify(body)).toBe(400);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          expect(((await response.json()) as Problem).errors?.map((e) => e.path).join()).toMatch(/apiKey|extra|^$/);
        }
        expect(await h.willoCredentials.credentialOf(t)).toBeUndefined();
        expect(h.willo.control.requests().length).toBe(before);
      });
    });

    describe('authentication and the documents', () => {
      it('refuses missing, expired, wrongly signed, alg none and wrong issuer or audience tokens with 401 problem+json', async () => {
        const t = tenant('auth');
        const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ tenant_id: t, sub: 'u', iss: jwtSettings.issuer, aud: jwtSettings.audience, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`;
        const tokens: [string, string | undefined][] = [
          ['missing', undefined],
          ['expired', await tokenFor(t, 'u', { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 3600 })],
          ['wrongly signed', await tokenFor(t, 'u', { secret: 'another-secret-of-at-least-32-characters!' })],
          ['alg none', unsigned],
          ['wrong issuer', await tokenFor(t, 'u', { issuer: 'https://evil.example' })],
          ['wrong audience', await tokenFor(t, 'u', { audience: 'someone-else' })],
        ];
        for (const [why, token] of tokens) {
          const response = await h.request('/v1/jobs', token ? { headers: { authorization: `Bearer ${token}` } } : {});
          expect(response.status, why).toBe(401);
          expect(response.headers.get('content-type'), why).toContain('application/problem+json');
        }
      });

      it('serves the OpenAPI 3.1 document and the offline reference page; unknown routes are problem+json', async () => {
        const document = (await (await h.request('/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
        expect(document.openapi).toBe('3.1.0');
        expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/integrations', '/jobs', '/jobs/{jobId}/stages', '/interviews/{interviewId}/mapping', '/activity', '/interviews/{interviewId}/invites/{candidateId}/retry', '/interviews/{interviewId}/invites/{candidateId}/note/retry']));
        const page = await h.request('/v1/reference');
        expect(page.headers.get('content-type')).toContain('text/html');
        const html = await page.text();
        expect(html).not.toMatch(/https?:\/\//);
        for (const asset of ['reference/swagger-ui.css', 'reference/swagger-ui-bundle.js', 'reference/init.js']) {
          expect(html).toContain(asset);
          expect((await h.request(`/v1/${asset}`)).status, asset).toBe(200);
        }
        const unknown = await h.request('/v1/nowhere', { headers: { authorization: `Bearer ${await tokenFor(tenant('auth'))}` } });
        expect(unknown.status).toBe(404);
        expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      });
    });
  });
}
