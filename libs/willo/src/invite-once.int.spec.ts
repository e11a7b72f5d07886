import { UpstreamError } from '@srw/errors';
import { eventually } from '@srw/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWilloClient } from './willo-client';
import { sandboxOrganisation, startWilloSandbox, type WilloSandbox } from './testing';
import { metadataKeys } from './willo-settings';

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0, seed: 7 });
});
afterEach(() => sandbox.control.clearFaults());
afterAll(() => sandbox.close());

const invitePosts = () =>
  sandbox.control.requests().filter((r) => r.method === 'POST' && r.path === '/participants/').length;

describe('inviteOnce: one invitation per (interview, email), whatever fails', () => {
  it('20 concurrent calls with an injected 5xx after the invite was recorded send exactly one invitation', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    sandbox.control.injectFault({ kind: 'latency', latencyMs: 50, rate: 1, method: 'POST', pathPrefix: '/participants/' });
    sandbox.control.injectFault({ kind: 'error-after', status: 503, rate: 1, times: 1, method: 'POST', pathPrefix: '/participants/' });
    const request = {
      idempotencyKey: 'invite-app-1-interview-1',
      invite: { interviewKey, firstName: 'Ada', email: 'ada@example.com', metadata: { sr_candidate_id: 'c-1' } },
    };

    const results = await Promise.all(Array.from({ length: 20 }, () => client.inviteOnce(request)));

    const invitations = sandbox.control.invitations(organisationId);
    expect(invitations).toHaveLength(1);
    expect(new Set(results.map((r) => r.participant.key))).toEqual(new Set([invitations[0]?.participantKey]));
    expect(results.every((r) => r.outcome === 'invited')).toBe(true);
    expect(results[0]?.participant.metadata).toEqual({ sr_candidate_id: 'c-1', [metadataKeys.idempotencyKey]: request.idempotencyKey });
  });

  it('a retry from a restarted process finds the invitation instead of sending another', async () => {
    const { client, apiKey, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    const request = { idempotencyKey: 'invite-2', invite: { interviewKey, email: 'grace@example.com' } };
    const first = await client.inviteOnce(request);

    const restarted = createWilloClient({ apiKey, baseUrl: sandbox.apiBaseUrl });
    const again = await restarted.inviteOnce(request);

    expect(again).toEqual({ participant: first.participant, outcome: 'invited' });
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });

  it('posts again only when the failed post left nothing behind', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    sandbox.control.injectFault({ kind: 'error', status: 502, rate: 1, times: 2, method: 'POST', pathPrefix: '/participants/' });
    const postsBefore = invitePosts();

    const result = await client.inviteOnce({ idempotencyKey: 'invite-3', invite: { interviewKey, email: 'linus@example.com' } });

    expect(result.outcome).toBe('invited');
    expect(invitePosts() - postsBefore).toBe(3);
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });

  it('under random 5xx before and after the effect, every candidate is invited exactly once', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, { retry: { inviteAttempts: 12, transientRetries: 8 } });
    sandbox.control.injectFault({ kind: 'error', rate: 0.25, method: 'POST' });
    sandbox.control.injectFault({ kind: 'error-after', rate: 0.25, method: 'POST' });
    sandbox.control.injectFault({ kind: 'error', rate: 0.2, method: 'GET' });
    const emails = Array.from({ length: 8 }, (_, i) => `candidate${i}@example.com`);

    await Promise.all(
      emails.flatMap((email, i) =>
        [1, 2, 3].map(() => client.inviteOnce({ idempotencyKey: `invite-r-${i}`, invite: { interviewKey, email } })),
      ),
    );

    const invited = sandbox.control.invitations(organisationId).map((i) => i.email);
    expect(invited.toSorted()).toEqual(emails.toSorted());
  });

  it('does not invite an email someone else already invited to the interview', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    const byHand = await client.participants.invite({ interviewKey, email: 'ken@example.com' });

    const result = await client.inviteOnce({ idempotencyKey: 'invite-4', invite: { interviewKey, email: 'KEN@example.com' } });

    expect(result).toMatchObject({ outcome: 'already-invited', participant: { key: byHand.key } });
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });

  it('invites next to a participant whose email our own check would refuse, and finds that one too', async () => {
    const { client, interviewKey, organisationId, apiKey } = sandboxOrganisation(sandbox);
    // Invited some other way (by hand in Willo): an IDN address that zod's email check refuses.
    const odd = await fetch(`${sandbox.apiBaseUrl}/participants/`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ interview: interviewKey, email: 'jörg@bücher.example' }),
    });
    expect(odd.status).toBe(201);

    const result = await client.inviteOnce({ idempotencyKey: 'invite-idn', invite: { interviewKey, email: 'ada@example.com' } });

    expect(result.outcome).toBe('invited');
    expect(sandbox.control.invitations(organisationId).map((i) => i.email)).toEqual(['jörg@bücher.example', 'ada@example.com']);
    const [found] = await client.participants.findByInterviewAndEmail(interviewKey, ' JÖRG@bücher.example ');
    expect(found?.email).toBe('jörg@bücher.example');
  });

  it('gives up at once when Willo refuses the invite (400)', async () => {
    const { client } = sandboxOrganisation(sandbox);
    const postsBefore = invitePosts();

    await expect(
      client.inviteOnce({ idempotencyKey: 'invite-5', invite: { interviewKey: 'no-such-interview', email: 'x@example.com' } }),
    ).rejects.toBeInstanceOf(UpstreamError);
    expect(invitePosts() - postsBefore).toBe(1);
  });

  it('two client instances in one process inviting the same email at once send one invitation', async () => {
    const { client, apiKey, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    const second = createWilloClient({ apiKey, baseUrl: sandbox.apiBaseUrl });
    sandbox.control.injectFault({ kind: 'latency', latencyMs: 50, rate: 1, method: 'POST', pathPrefix: '/participants/' });
    const request = { idempotencyKey: 'invite-6', invite: { interviewKey, email: 'two-clients@example.com' } };

    const results = await Promise.all([client.inviteOnce(request), second.inviteOnce(request)]);

    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
    expect(results.map((r) => r.outcome)).toEqual(['invited', 'invited']);
  });

  it('tells a concurrent call with another idempotency key what it would be told a moment later', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox);
    const invite = { interviewKey, email: 'two-keys@example.com' };

    const [first, second] = await Promise.all([
      client.inviteOnce({ idempotencyKey: 'invite-7a', invite }),
      client.inviteOnce({ idempotencyKey: 'invite-7b', invite }),
    ]);
    const later = await client.inviteOnce({ idempotencyKey: 'invite-7b', invite });

    expect([first.outcome, second.outcome, later.outcome]).toEqual(['invited', 'already-invited', 'already-invited']);
    expect(second.participant.key).toBe(first.participant.key);
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });

  it('retries a failed lookup like a failed post, within inviteAttempts', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, { retry: { transientRetries: 0 } });
    sandbox.control.injectFault({ kind: 'error', status: 503, rate: 1, times: 2, method: 'GET', pathPrefix: '/participants/' });

    const result = await client.inviteOnce({ idempotencyKey: 'invite-8', invite: { interviewKey, email: 'lookup@example.com' } });

    expect(result.outcome).toBe('invited');
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });

  it('a POST that timed out on our side but is still running at Willo is found, not sent again', async () => {
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, {
      retry: { requestTimeoutMs: 100, inviteSettleMs: 1_000 },
    });
    // The first POST is answered after our timeout: Willo records the invite once we have given up on it.
    sandbox.control.injectFault({ kind: 'latency', latencyMs: 400, rate: 1, times: 1, method: 'POST', pathPrefix: '/participants/' });

    const result = await client.inviteOnce({ idempotencyKey: 'invite-9', invite: { interviewKey, email: 'slow@example.com' } });
    // The abandoned POST is still running at Willo: count invitations only once it has been answered.
    await eventually(() => sandbox.control.requests().every((r) => r.status !== 0), { what: 'every request to be answered' });

    expect(result.outcome).toBe('invited');
    expect(sandbox.control.invitations(organisationId)).toHaveLength(1);
  });
});
