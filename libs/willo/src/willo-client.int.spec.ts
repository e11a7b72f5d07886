import { AuthorizationLostError, NotFoundError, UpstreamError } from '@srw/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWilloClient } from './willo-client';
import { unlimitedRateLimiter as unlimited } from '@srw/http-kit';
import { sandboxOrganisation, startWilloSandbox, type WilloSandbox } from './testing';

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

describe('Willo client against the sandbox', () => {
  it('lists and reads interviews with their question count and share link', async () => {
    const client = createWilloClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.apiBaseUrl });

    const interviews = await client.interviews.list();
    const first = await client.interviews.get(sandbox.interviewKeys[0] ?? '');

    expect(interviews.map((i) => i.title)).toEqual(['Customer Support Associate', 'Senior Backend Engineer']);
    expect(interviews.map((i) => i.questionCount)).toEqual([3, 4]);
    expect(first).toEqual(interviews[0]);
    expect(first.shareUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/i\//);
  });

  it('invites with our ids as metadata, then reads responses and the review link once completed', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);

    const invited = await client.participants.invite({
      interviewKey,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+447700900123',
      metadata: { sr_candidate_id: 'c-1', sr_job_id: 'j-1' },
    });
    expect(invited).toMatchObject({ interviewKey, stage: 'invited', responses: [], reviewUrl: undefined });

    sandbox.control.completeInterview(invited.key);
    const completed = await client.participants.get(invited.key);

    expect(completed.metadata).toEqual({ sr_candidate_id: 'c-1', sr_job_id: 'j-1' });
    expect(completed.phone).toBe('+447700900123');
    expect(completed.responses).toHaveLength(3);
    expect(completed.responses[0]?.mediaUrl).toMatch(/\.mp4$/);
    expect(completed.reviewUrl).toMatch(new RegExp(`/review/${invited.key}/$`));
  });

  it('changes the stage', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { key } = await client.participants.invite({ interviewKey, email: 'grace@example.com' });

    await client.participants.changeStage(key, 'shortlisted');

    expect((await client.participants.get(key)).stage).toBe('shortlisted');
  });

  it('finds a participant by interview and email, case-insensitively', async () => {
    const { client, interviewKey } = sandboxOrganisation(sandbox);
    const { key } = await client.participants.invite({ interviewKey, email: 'Linus@Example.com' });
    await client.participants.invite({ interviewKey, email: 'other@example.com' });

    const found = await client.participants.findByInterviewAndEmail(interviewKey, 'linus@example.COM');

    expect(found.map((p) => p.key)).toEqual([key]);
  });

  it('answers NotFoundError for another organisation’s participant and a 400 as UpstreamError', async () => {
    const a = sandboxOrganisation(sandbox);
    const b = sandboxOrganisation(sandbox);
    const { key } = await a.client.participants.invite({ interviewKey: a.interviewKey, email: 'x@example.com' });

    await expect(b.client.participants.get(key)).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.client.participants.invite({ interviewKey: a.interviewKey, email: 'x@example.com' })).rejects.toThrow(
      UpstreamError,
    );
  });

  it('answers AuthorizationLostError for a key Willo does not know', async () => {
    const client = createWilloClient({ apiKey: 'revoked', baseUrl: sandbox.apiBaseUrl });
    await expect(client.interviews.list()).rejects.toBeInstanceOf(AuthorizationLostError);
  });

  it('verifies a key with one call, GET /interviews/ asking one item, without following its next page', async () => {
    const { organisationId, apiKey } = sandbox.control.addOrganisation();
    sandbox.control.addInterview(organisationId, { title: 'One' });
    sandbox.control.addInterview(organisationId, { title: 'Two' });
    const client = createWilloClient({ apiKey, baseUrl: sandbox.apiBaseUrl });

    await client.verifyKey();

    const calls = sandbox.control.requests().filter((r) => r.organisationId === organisationId);
    expect(calls.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/interviews/', 200]]);
  });

  it('rejects verifying a key Willo does not know with AuthorizationLostError, after one call', async () => {
    const before = sandbox.control.requests().length;
    const client = createWilloClient({ apiKey: 'unknown-key-0001', baseUrl: sandbox.apiBaseUrl });

    await expect(client.verifyKey()).rejects.toBeInstanceOf(AuthorizationLostError);
    expect(sandbox.control.requests().slice(before).map((r) => r.status)).toEqual([401]);
  });

  it('follows pages to the end and filters itself when Willo ignores the filter parameters', async () => {
    const roomy = await startWilloSandbox({
      port: 0,
      participantFilters: false,
      rateLimits: { perSecond: 10_000, perMinute: 10_000 },
    });
    try {
      const { client, interviewKey, organisationId } = sandboxOrganisation(roomy, { rateLimiter: unlimited });
      const other = roomy.control.addInterview(organisationId, { title: 'Other' });
      await client.participants.invite({ interviewKey: other.key, email: 'p129@example.com' });
      for (let i = 0; i < 130; i++) await client.participants.invite({ interviewKey, email: `p${i}@example.com` });

      const found = await client.participants.findByInterviewAndEmail(interviewKey, 'p129@example.com');

      expect(found).toHaveLength(1);
      const pages = roomy.control.requests().filter((r) => r.method === 'GET' && r.path === '/participants/');
      // The sandbox pages at 100 at most, so the 130th participant is on page two.
      expect(pages).toHaveLength(2);
    } finally {
      await roomy.close();
    }
  });
});
