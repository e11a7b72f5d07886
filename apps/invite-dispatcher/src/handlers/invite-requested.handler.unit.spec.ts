import { createEvent, streams, type EventMessage } from '@srw/contracts';
import { TransientError, UpstreamError, WorkStoppedError } from '@srw/errors';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { appendEvents } from '@srw/runtime';
import { WilloNotConfiguredError, type InviteOnceRequest, type InviteOnceResult } from '@srw/willo';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CandidateContact, InviteDispatcherPorts } from '../ports';
import { dispatchInvite } from './invite-requested.handler';

const tenantId = 'acme';
const stream = streams.invite(tenantId, 'iv1', 'cand1');
const meta = () => ({ tenantId, correlationId: 'corr', causationId: 'obs-1', observedAt: '2026-03-01T10:00:00.000Z' });
const requested = createEvent('InviteRequested', { interviewId: 'iv1', candidateId: 'cand1', jobId: 'job1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' }, meta());
const clock = { now: () => Date.parse('2026-03-01T10:05:00.000Z') };

let store: SqliteEventStore;
let message: EventMessage;
let calls: InviteOnceRequest[];
let answers: (() => InviteOnceResult)[];
let contact: CandidateContact | undefined;

const participant = { key: 'p1', metadata: {} } as unknown as InviteOnceResult['participant'];
const ports = (): InviteDispatcherPorts => ({
  eventStore: store,
  contacts: { contactOf: async () => contact },
  willoFor: () => ({
    inviteOnce: async (request) => {
      calls.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error('no answer scripted');
      return answer();
    },
  }),
});
const dispatch = (maxAttempts = 3) => dispatchInvite(ports(), clock, { maxAttempts }, message);
const types = async () => (await store.readStream(stream)).map((e) => e.type);
const sent = () => ({ participant, outcome: 'invited' as const });
const unavailable = () => {
  throw new TransientError('Willo answered 503');
};

beforeEach(async () => {
  store = await SqliteEventStore.open();
  await appendEvents(store, stream, [{ event: requested }], { expectedRevision: 'no_stream' });
  const [recorded] = await store.readStream(stream);
  message = { ...recorded!, ...requested, recordedAt: undefined } as unknown as EventMessage;
  calls = [];
  answers = [];
  contact = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };
});
afterEach(() => store.close());

describe('dispatchInvite', () => {
  it('invites through inviteOnce keyed by the invite stream, and records InviteSent', async () => {
    answers.push(sent);
    await dispatch();
    expect(calls).toEqual([
      { idempotencyKey: stream, invite: { interviewKey: 'iv1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', metadata: { sr_candidate_id: 'cand1', sr_job_id: 'job1' } } },
    ]);
    expect(await types()).toEqual(['InviteRequested', 'InviteSent']);
  });

  it('changes nothing and calls nobody when the message is redelivered after the invite was sent', async () => {
    answers.push(sent);
    await dispatch();
    await dispatch();
    expect(calls).toHaveLength(1);
    expect(await types()).toEqual(['InviteRequested', 'InviteSent']);
  });

  it('records a transient failure and rethrows it for the bus to retry; the next delivery is the next attempt', async () => {
    answers.push(unavailable, sent);
    await expect(dispatch()).rejects.toThrow(TransientError);
    await dispatch();
    const events = await store.readStream(stream);
    expect(events.map((e) => [e.type, (e.data as { attempt?: number }).attempt])).toEqual([
      ['InviteRequested', undefined],
      ['InviteFailed', 1],
      ['InviteSent', 2],
    ]);
  });

  it('abandons at the last attempt allowed and stops (to the .dlq)', async () => {
    answers.push(unavailable, unavailable);
    await expect(dispatch(2)).rejects.toThrow(TransientError);
    await expect(dispatch(2)).rejects.toThrow(WorkStoppedError);
    expect(await types()).toEqual(['InviteRequested', 'InviteFailed', 'InviteFailed', 'InviteAbandoned']);
    await dispatch(2);
    expect(calls).toHaveLength(2);
  });

  it('stops at a permanent refusal, and at a candidate without email, without retrying', async () => {
    answers.push(() => {
      throw new UpstreamError('Willo answered 400', 400);
    });
    const refused = await dispatch().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkStoppedError);
    expect(refused).toMatchObject({ code: 'INVITE_STOPPED', retryable: false });
    expect((await store.readStream(stream)).map((e) => e.data)).toContainEqual(expect.objectContaining({ reason: 'willo_rejected', retryable: false }));
    await dispatch();
    expect(calls).toHaveLength(1);

    await store.close();
    store = await SqliteEventStore.open();
    await appendEvents(store, stream, [{ event: requested }], { expectedRevision: 'no_stream' });
    contact = { firstName: 'No', lastName: 'Mail', email: null };
    await expect(dispatch()).rejects.toThrow(WorkStoppedError);
    expect((await store.readStream(stream)).at(-1)?.data).toMatchObject({ reason: 'no_email', retryable: false, attempt: 1 });
  });

  it('stops a tenant without Willo credentials (no key of its own, no fallback) as willo_credentials_missing, calling nobody', async () => {
    const keyless: InviteDispatcherPorts = { ...ports(), willoFor: () => Promise.reject(new WilloNotConfiguredError(tenantId)) };
    const error = await dispatchInvite(keyless, clock, { maxAttempts: 3 }, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkStoppedError);
    expect((error as WorkStoppedError).reason).toMatch(/^willo_credentials_missing: /);
    expect((await store.readStream(stream)).at(-1)?.data).toMatchObject({ reason: 'willo_credentials_missing', retryable: false, attempt: 1 });
    expect(calls).toEqual([]);
  });

  it('retries a candidate not observed yet', async () => {
    contact = undefined;
    const error = await dispatch().catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect((await store.readStream(stream)).at(-1)?.data).toMatchObject({ reason: 'candidate_missing', retryable: true });
  });

  it('sends nothing for an invite already answered (a response recorded before InviteSent, after a crash)', async () => {
    const response = createEvent('ResponseReceived', { willoParticipantId: 'p1', completedAt: '2026-03-02T09:00:00.000Z', reviewUrl: 'https://willo.video/r/p1', source: 'webhook' }, meta());
    await appendEvents(store, stream, [{ event: response }], { expectedRevision: 0 });
    await dispatch();
    expect(calls).toEqual([]);
  });
});
