import { ValidationError } from '@srw/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AuditEventsApi } from '../api/audit-events-api';
import { CandidatesApi, type CandidatesFilter } from '../api/candidates-api';
import { JobsApi, type JobsFilter } from '../api/jobs-api';
import { MessagesApi } from '../api/messages-api';
import type { SrHttp } from '../http/sr-http';
import type { Page } from '../paging';
import { stubSrHttp } from '../testing/stub-sr-http';
import { auditEventsPage } from './audit-events';
import { application, candidateDetails, candidatesPage, statusHistory } from './candidates';
import { isKnown, type OpenEnum } from '@srw/http-kit';
import { applicationStatuses, type KnownApplicationStatus } from './common';
import { hiringProcesses } from './configuration';
import { jobStatuses, jobsPage, type JobSummary, type KnownJobStatus, type KnownPostingStatus } from './jobs';
import { messagesView } from './messages';
import { usersPage } from './users';
import { callbackLog, subscription } from './webhooks';

/** An SrHttp whose SR answers every request with `body`. */
function http(body: unknown): SrHttp {
  const fetch = (async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof globalThis.fetch;
  return stubSrHttp(fetch);
}

const firstPage = async <T>(pages: AsyncGenerator<Page<T>, void, undefined>): Promise<T[]> => (await pages.next()).value?.items ?? [];

describe('SR enums are open', () => {
  it('tells known values from new ones, narrowing to the known union', () => {
    const status: OpenEnum<KnownApplicationStatus> = 'ON_ASSESSMENT';
    expect(isKnown(applicationStatuses, status)).toBe(false);
    expect(isKnown(applicationStatuses, 'HIRED')).toBe(true);
    expect(isKnown(applicationStatuses, undefined)).toBe(false);
    if (isKnown(jobStatuses, 'FILLED' as string)) expectTypeOf<'FILLED'>().toExtend<KnownJobStatus>();
  });
});

describe('requests', () => {
  it('stay closed: only known values type-check in the filters we send', () => {
    // @ts-expect-error a job status SR might answer is not one we may filter by
    const jobs: JobsFilter = { status: 'ARCHIVED' };
    // @ts-expect-error likewise for application statuses
    const candidates: CandidatesFilter = { status: ['HIRED', 'ON_ASSESSMENT'] };
    expect([jobs, candidates]).toHaveLength(2);
  });
});

describe('a page with an enum value SR added later', () => {
  it('parses through JobsApi, the other jobs of the page intact and the new value kept', async () => {
    const jobs = new JobsApi(
      http({
        content: [
          { id: 'j1', title: 'Nurse', status: 'SOURCING', postingStatus: 'PUBLIC' },
          { id: 'j2', title: 'Porter', status: 'ARCHIVED', postingStatus: 'EMPLOYEE_REFERRAL_ONLY' },
        ],
      }),
    );
    const items = await firstPage(jobs.list());
    expect(items.map((j) => [j.id, j.status, j.postingStatus])).toEqual([
      ['j1', 'SOURCING', 'PUBLIC'],
      ['j2', 'ARCHIVED', 'EMPLOYEE_REFERRAL_ONLY'],
    ]);
    expectTypeOf<JobSummary['status']>().toEqualTypeOf<OpenEnum<KnownJobStatus> | undefined>();
    expectTypeOf<JobSummary['postingStatus']>().toEqualTypeOf<OpenEnum<KnownPostingStatus> | undefined>();
  });

  it('parses for candidates, one application, its history, users, audit events, notes and webhooks', async () => {
    const candidates = new CandidatesApi(
      http({
        limit: 100,
        offset: 0,
        totalFound: 1,
        content: [{ id: 'c1', firstName: 'A', lastName: 'B', createdOn: '2023-01-21T12:50:02.594Z', primaryAssignment: { job: { id: 'j1' }, status: 'ON_ASSESSMENT' } }],
      }),
    );
    expect((await firstPage(candidates.list()))[0]?.primaryAssignment?.status).toBe('ON_ASSESSMENT');
    expect(application.parse({ status: 'ON_ASSESSMENT', subStatus: 'Video' }).status).toBe('ON_ASSESSMENT');
    expect(statusHistory.parse({ content: [{ changedOn: '2023-01-21T12:50:02.594Z', status: 'ON_ASSESSMENT' }] }).content[0]?.status).toBe('ON_ASSESSMENT');
    expect(usersPage.parse({ content: [{ id: 'u1', firstName: 'A', lastName: 'B', role: 'AUDITOR' }] }).content[0]?.role).toBe('AUDITOR');
    const events = new AuditEventsApi(http({ content: [{ id: 'e1', eventName: 'JOB_APPLICATION_STATE_MODIFIED', eventDate: '2023-01-21T12:50:02.594Z', authorType: 'INTEGRATION', entityType: 'INTERVIEW' }] }));
    expect((await firstPage(events.list()))[0]).toMatchObject({ authorType: 'INTEGRATION', entityType: 'INTERVIEW' });
    expect(messagesView.parse([{ content: 'x', visibility: 'PRIVATE' }])[0]?.visibility).toBe('PRIVATE');
    expect(subscription.parse({ id: 's1', callbackUrl: 'https://x.test', events: ['job.created'], status: 'suspended' }).status).toBe('suspended');
    expect(callbackLog.parse([{ status: 'skipped', timestamp: '2023-01-21T12:50:02.594Z' }])[0]?.status).toBe('skipped');
  });
});

describe('a page without the fields the spec leaves optional', () => {
  it('parses: jobs without title, status or dates', async () => {
    const items = await firstPage(new JobsApi(http({ content: [{ id: 'j1' }, { id: 'j2', title: 'Porter' }] })).list());
    expect(items.map((j) => j.title)).toEqual([undefined, 'Porter']);
  });

  it('reads a listing page without content as an empty page (Jobs, Users, Events, status history)', () => {
    expect(jobsPage.parse({ nextPageId: 'p2' }).content).toEqual([]);
    expect(usersPage.parse({}).content).toEqual([]);
    expect(auditEventsPage.parse({}).content).toEqual([]);
    expect(statusHistory.parse({ totalFound: 0 }).content).toEqual([]);
  });

  it('parses candidate details without names (and fills the id SR may omit from the request)', async () => {
    expect(candidateDetails.parse({ id: 'c1' })).toEqual({ id: 'c1' });
    expect(await new CandidatesApi(http({ email: 'a@b.test' })).get('c9')).toEqual({ id: 'c9', email: 'a@b.test' });
  });

  it('parses an application without status, and history entries without date or status', () => {
    expect(application.parse({ applicationId: 'a1' }).status).toBeUndefined();
    expect(statusHistory.parse({ content: [{ subStatus: 'Video' }] }).content).toEqual([{ subStatus: 'Video' }]);
  });

  it('parses audit events without id, name or date, hiring processes without id or name, notes without content, log entries without status or time', async () => {
    const events = await firstPage(new AuditEventsApi(http({ content: [{ entityId: 'a1' }, { id: 'e2', eventDate: '2023-01-21T12:50:02.594Z' }] })).list());
    expect(events).toEqual([{ entityId: 'a1' }, { id: 'e2', eventDate: '2023-01-21T12:50:02.594Z' }]);
    expect(hiringProcesses.parse({ totalFound: 1, content: [{ active: true }] }).content).toEqual([{ active: true }]);
    const messages = new MessagesApi(http([{ createdOn: '2023-01-21T12:50:02.594Z' }, { content: 'Done [willo:r1]' }]));
    expect(await messages.findNote('c1', '[willo:r1]')).toEqual({ content: 'Done [willo:r1]' });
    expect(callbackLog.parse([{ requestDetails: { url: 'https://x.test' } }])).toHaveLength(1);
  });
});

describe('a response with a wrong type or without a field the spec requires', () => {
  const validationErrorOf = async (run: () => Promise<unknown>) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  };

  it('still fails with a ValidationError naming the field (an enum field that is not a string)', async () => {
    const jobs = new JobsApi(http({ content: [{ id: 'j1', status: 'SOURCING' }, { id: 'j2', status: 42 }] }));
    const error = await validationErrorOf(() => jobs.list().next());
    expect(error.issues.map((i) => i.path)).toEqual(['content.1.status']);
    expect(error.message).toContain('content.1.status');
  });

  it('names an optional field of the wrong type, and a page whose content is not a list', async () => {
    expect((await validationErrorOf(() => new JobsApi(http({ content: [{ id: 'j1', title: 7 }] })).list().next())).message).toContain('content.0.title');
    expect((await validationErrorOf(() => new JobsApi(http({ content: 'none' })).list().next())).message).toContain('content');
    expect((await validationErrorOf(() => new CandidatesApi(http({ status: ['HIRED'] })).application('c1', 'j1'))).message).toContain('status');
  });

  it('keeps what the spec requires: a job id, a candidate list item name, an audit date that is a date', () => {
    expect(jobsPage.safeParse({ content: [{ title: 'Nurse' }] }).success).toBe(false);
    expect(candidatesPage.safeParse({ limit: 1, offset: 0, totalFound: 1, content: [{ id: 'c1', lastName: 'B', createdOn: '2023-01-21T12:50:02.594Z' }] }).success).toBe(false);
    expect(auditEventsPage.safeParse({ content: [{ eventDate: 'yesterday' }] }).success).toBe(false);
  });
});
