import { streams } from '@srw/contracts';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../projection';
import { contentHashOf, createEventHistory, projectionSpec } from '../testing';
import { activityProjection, inviteSkipEntry, type ActivityView } from './activity.projection';

const spec = projectionSpec(activityProjection);
const at = '2026-03-01T10:00:00.000Z';

describe('activity read model', () => {
  it('an invite event becomes an entry naming its interview and candidate (from the stream) with the reason', async () => {
    const h = createEventHistory();
    const failed = h.append(streams.invite('t1', 'iv1', 'c1'), 'InviteFailed', { reason: 'no_email', message: 'no email', attempt: 1, retryable: false }, at);
    await spec.given([]).when(failed).then({
      entryId: failed.id,
      seq: failed.position,
      at,
      kind: 'InviteFailed',
      summary: 'Invite failed (attempt 1)',
      interviewId: 'iv1',
      candidateId: 'c1',
      jobId: null,
      reason: 'no_email',
    });
  });

  it('shows an admin’s retry; a skip (written by trigger detection) sorts at the position of the move decided on', async () => {
    const h = createEventHistory();
    const retried = h.append(streams.invite('t1', 'iv1', 'c1'), 'InviteRetryRequested', { requestedBy: 'admin-1' }, at);
    await spec.given([]).when(retried).then(expect.objectContaining({ kind: 'InviteRetryRequested', summary: 'admin-1 asked to send the invite again', interviewId: 'iv1', candidateId: 'c1' }));
    const moved = h.append(streams.srApplication('t1', 'c2', 'j1'), 'ApplicationStageObserved', { candidateId: 'c2', jobId: 'j1', from: null, to: { status: 'INTERVIEW', subStatus: null }, changedOn: at, source: 'webhook' }, at);
    const { id, view } = inviteSkipEntry({ source: moved, interviewId: 'iv1', candidateId: 'c2', jobId: 'j1', stage: { status: 'INTERVIEW', subStatus: null }, reason: 'job_closed' });
    expect(id).toBe(`skip:iv1:c2:${moved.id}`);
    expect(view).toEqual({ entryId: id, seq: moved.position, at, kind: 'InviteSkipped', summary: 'Not invited: the candidate was seen in INTERVIEW', interviewId: 'iv1', candidateId: 'c2', jobId: 'j1', reason: 'job_closed' });
  });

  it('ignores observations and token refreshes; a redelivered entry changes nothing', async () => {
    const h = createEventHistory();
    const snapshot = { title: 'T', refNumber: null, status: 'SOURCING', postingStatus: null, department: null, location: null, createdOn: null, updatedOn: at };
    const observed = h.append(streams.srJob('t1', 'j1'), 'JobObserved', { jobId: 'j1', snapshot, contentHash: contentHashOf('x') }, at);
    expect(activityProjection.documentIdOf(observed)).toBeUndefined();
    const connected = h.append(streams.integration('t1'), 'IntegrationConnected', { connectedBy: 'a1', scopes: [], accessTokenExpiresAt: at }, at);
    await spec.given([connected]).whenRedelivered(connected).thenNothingChanges();
  });

  it('pages newest first, per tenant, and by interview or candidate', async () => {
    const h = createEventHistory();
    h.append(streams.integration('t1'), 'IntegrationConnected', { connectedBy: 'a1', scopes: [], accessTokenExpiresAt: at }, at);
    h.append(streams.interviewMapping('t1', 'iv1'), 'InterviewJobsConnected', { interviewId: 'iv1', jobs: [{ jobId: 'j1', triggerStages: [{ status: 'NEW', subStatus: null }], backfill: false }], appliedBy: 'a1' }, at);
    h.append(streams.invite('t1', 'iv1', 'c1'), 'InviteRequested', { interviewId: 'iv1', candidateId: 'c1', jobId: 'j1', trigger: { status: 'NEW', subStatus: null }, reason: 'stage_entered' }, at);
    h.append(streams.invite('t1', 'iv2', 'c1'), 'InviteSent', { willoParticipantId: 'p1', invitedAt: at, attempt: 1 }, at);
    h.append(streams.invite('t2', 'iv1', 'c1'), 'InviteSent', { willoParticipantId: 'p2', invitedAt: at, attempt: 1 }, at);
    const store = await SqliteReadStore.open();
    try {
      const collection = await store.collection<ActivityView>(activityProjection.collection);
      for (const event of h.events) await applyEvent(collection, activityProjection, event);
      const kinds = async (where: Record<string, string>) =>
        (await collection.find('t1', { where, sort: { field: 'seq', direction: 'desc' } })).items.map((d) => `${d.data.kind}@${d.data.seq}`);
      expect(await kinds({})).toEqual(['InviteSent@4', 'InviteRequested@3', 'InterviewJobsConnected@2', 'IntegrationConnected@1']);
      expect(await kinds({ interviewId: 'iv1' })).toEqual(['InviteRequested@3', 'InterviewJobsConnected@2']);
      expect(await kinds({ candidateId: 'c1' })).toEqual(['InviteSent@4', 'InviteRequested@3']);
    } finally {
      await store.close();
    }
  });
});
