import { createEvent, type Stage } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import {
  decideBackfill,
  decideStageMove,
  type BackfillInput,
  type CandidateInStage,
  type StageMoveInput,
  type TriggerDecision,
  type TriggerMapping,
} from './trigger-policy';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
const interview: Stage = { status: 'INTERVIEW', subStatus: 'Video' };
const screening: Stage = { status: 'IN_REVIEW', subStatus: null };

const mapping = (overrides: Partial<TriggerMapping> = {}): TriggerMapping => ({
  interviewId: 'iv1',
  jobId: 'job1',
  triggerStages: [interview],
  backfill: false,
  appliedAt: at(10),
  ...overrides,
});

const move = (overrides: Partial<StageMoveInput> & { to?: Stage; changedOn?: string; source?: 'webhook' | 'audit' | 'history' | 'poll' } = {}): StageMoveInput => {
  const { to = interview, changedOn = at(20), source = 'webhook', ...rest } = overrides;
  return {
    observation: {
      eventId: 'obs-1',
      data: { candidateId: 'cand1', jobId: 'job1', from: screening, to, changedOn, source },
      metadata: { tenantId: 'acme', correlationId: 'corr-1' },
    },
    mappings: [mapping()],
    candidate: { hasEmail: true, withdrawn: false },
    job: { open: true },
    grant: 'connected',
    decidedAt: at(21),
    ...rest,
  };
};

const requested = (interviewId: string, reason: 'stage_entered' | 'backfill' = 'stage_entered', causationId = 'obs-1', candidateId = 'cand1'): TriggerDecision => ({
  kind: 'request',
  interviewId,
  candidateId,
  jobId: 'job1',
  stream: `invite-acme:${interviewId}:${candidateId}`,
  event: createEvent(
    'InviteRequested',
    { interviewId, candidateId, jobId: 'job1', trigger: interview, reason },
    { tenantId: 'acme', correlationId: 'corr-1', causationId, observedAt: at(21) },
  ),
});

const skipped = (reason: string, interviewId = 'iv1', stage: Stage = interview, candidateId = 'cand1') => ({
  kind: 'skip',
  interviewId,
  candidateId,
  jobId: 'job1',
  stage,
  reason,
});

/** Given the facts, when the move is observed, then these decisions. */
const whenMoved = (input: StageMoveInput) => ({ then: (expected: unknown[]) => expect(decideStageMove(input)).toEqual(expected) });

describe('trigger policy: an observed move', () => {
  it('requests an invite for a move into a mapped stage after the mapping was applied', () => {
    whenMoved(move()).then([requested('iv1')]);
  });

  it('requests one invite per interview mapped to the job and stage', () => {
    const mappings = [mapping(), mapping({ interviewId: 'iv2', triggerStages: [screening, interview] }), mapping({ interviewId: 'iv3', jobId: 'job2' })];
    whenMoved(move({ mappings })).then([requested('iv1'), requested('iv2')]);
  });

  it('counts an interview mapped twice to the same job once', () => {
    whenMoved(move({ mappings: [mapping(), mapping({ appliedAt: at(11) })] })).then([requested('iv1')]);
  });

  it('decides nothing for a job that no interview is mapped to', () => {
    whenMoved(move({ mappings: [mapping({ jobId: 'job2' })] })).then([]);
  });

  it('is deterministic: a duplicate observation or a redelivery decides the same request (its append then fails on "no stream")', () => {
    expect(decideStageMove(move())).toEqual(decideStageMove(move()));
  });

  it('requests for a move into the stage and out again between two polls (the audit feed or the history reports it)', () => {
    whenMoved(move({ source: 'audit' })).then([requested('iv1')]);
    whenMoved(move({ source: 'history' })).then([requested('iv1')]);
  });

  it('requests for a move reported late, out of order, as long as it was made after the mapping was applied', () => {
    whenMoved(move({ changedOn: at(10), decidedAt: at(21) })).then([requested('iv1')]);
  });

  it('skips a move into another stage, or into the status with another sub-status', () => {
    whenMoved(move({ to: screening })).then([skipped('not_trigger_stage', 'iv1', screening)]);
    const otherSub = { status: 'INTERVIEW', subStatus: 'Onsite' };
    whenMoved(move({ to: otherSub })).then([skipped('not_trigger_stage', 'iv1', otherSub)]);
    const noSub = { status: 'INTERVIEW', subStatus: null };
    whenMoved(move({ to: noSub })).then([skipped('not_trigger_stage', 'iv1', noSub)]);
  });

  it('skips a move made before the mapping was applied (the backfill decides for those)', () => {
    whenMoved(move({ changedOn: at(9) })).then([skipped('moved_before_mapping_applied')]);
    whenMoved(move({ changedOn: at(9), source: 'audit', mappings: [mapping({ backfill: true })] })).then([skipped('moved_before_mapping_applied')]);
  });

  it('skips a move made while mapped when the mapping has been removed since', () => {
    whenMoved(move({ mappings: [mapping({ removedAt: at(25) })] })).then([skipped('mapping_removed')]);
  });

  it('treats a move made after the job was disconnected from the interview as not a trigger', () => {
    whenMoved(move({ mappings: [mapping({ removedAt: at(15) })] })).then([skipped('not_trigger_stage')]);
  });

  it('skips with the reason when the grant is lost, the job closed, the candidate withdrawn or without email', () => {
    whenMoved(move({ grant: 'lost' })).then([skipped('grant_lost')]);
    whenMoved(move({ job: { open: false } })).then([skipped('job_closed')]);
    whenMoved(move({ candidate: { hasEmail: true, withdrawn: true } })).then([skipped('candidate_withdrawn')]);
    whenMoved(move({ candidate: { hasEmail: false, withdrawn: false } })).then([skipped('no_email')]);
  });

  it('names the first reason that holds: the mapping, then the grant, the job, the candidate', () => {
    const everythingWrong = { grant: 'lost', job: { open: false }, candidate: { hasEmail: false, withdrawn: true } } as const;
    whenMoved(move(everythingWrong)).then([skipped('grant_lost')]);
    whenMoved(move({ ...everythingWrong, grant: 'connected' })).then([skipped('job_closed')]);
    whenMoved(move({ ...everythingWrong, grant: 'connected', job: { open: true } })).then([skipped('candidate_withdrawn')]);
    whenMoved(move({ ...everythingWrong, changedOn: at(9) })).then([skipped('moved_before_mapping_applied')]);
  });

  it('takes unknown facts as no reason to skip', () => {
    whenMoved(move({ grant: 'unknown', job: {}, candidate: {} })).then([requested('iv1')]);
  });

  it('decides for each interview on its own', () => {
    const mappings = [mapping(), mapping({ interviewId: 'iv2', appliedAt: at(30) }), mapping({ interviewId: 'iv3', triggerStages: [screening] })];
    whenMoved(move({ mappings })).then([requested('iv1'), skipped('moved_before_mapping_applied', 'iv2'), skipped('not_trigger_stage', 'iv3')]);
  });
});

describe('trigger policy: a candidate already in the stage when the mapping was applied, first seen after it', () => {
  // The polls list mapped stages only, so a candidate sitting in a stage before it was mapped is first
  // seen by the poll after the mapping: that sighting is no move, whatever time the poll stamps on it.
  const firstSeenByPoll = (overrides: Partial<StageMoveInput> = {}) => {
    const input = move({ source: 'poll', changedOn: at(20), ...overrides });
    return { ...input, observation: { ...input.observation, data: { ...input.observation.data, from: null } } };
  };

  it('is not invited by a poll, which cannot tell when the candidate entered the stage', () => {
    whenMoved(firstSeenByPoll()).then([skipped('moved_before_mapping_applied')]);
    whenMoved(move({ source: 'poll', changedOn: at(20) })).then([skipped('moved_before_mapping_applied')]);
  });

  it('is not invited when SR\'s status history dates the move before the mapping', () => {
    whenMoved(move({ source: 'history', changedOn: at(9) })).then([skipped('moved_before_mapping_applied')]);
  });

  it('is invited as backfill when the mapping asks for it and the observation reads where the candidate is now', () => {
    const mappings = [mapping({ backfill: true })];
    whenMoved(firstSeenByPoll({ mappings })).then([requested('iv1', 'backfill')]);
    whenMoved(move({ source: 'history', changedOn: at(9), mappings })).then([requested('iv1', 'backfill')]);
    whenMoved(move({ source: 'webhook', changedOn: at(9), mappings })).then([requested('iv1', 'backfill')]);
  });

  it('a move dated by SR after the mapping is invited whichever way it was found', () => {
    for (const source of ['history', 'audit', 'webhook'] as const) whenMoved(move({ source, changedOn: at(20) })).then([requested('iv1')]);
  });

  it('the backfill still skips for the facts', () => {
    whenMoved(firstSeenByPoll({ mappings: [mapping({ backfill: true })], candidate: { hasEmail: false } })).then([skipped('no_email')]);
  });
});

describe('trigger policy: backfill when a mapping is applied', () => {
  const inStage = (candidateId: string, changedOn: string, stage: Stage = interview, facts = { hasEmail: true, withdrawn: false }): CandidateInStage => ({
    candidateId,
    stage,
    changedOn,
    facts,
  });
  const backfill = (overrides: Partial<BackfillInput> = {}): BackfillInput => ({
    tenantId: 'acme',
    mapping: mapping({ backfill: true }),
    candidates: [inStage('c1', at(1)), inStage('c2', at(2)), inStage('c3', at(3), screening)],
    job: { open: true },
    grant: 'connected',
    causationId: 'map-evt',
    correlationId: 'corr-1',
    decidedAt: at(21),
    ...overrides,
  });
  const backfilled = (candidateId: string, reason: 'backfill' | 'stage_entered' = 'backfill') => requested('iv1', reason, 'map-evt', candidateId);

  it('requests an invite for each candidate already in a trigger stage when backfill is on', () => {
    expect(decideBackfill(backfill())).toEqual([backfilled('c1'), backfilled('c2')]);
  });

  it('requests nothing for those when backfill is off, saying why', () => {
    expect(decideBackfill(backfill({ mapping: mapping() }))).toEqual([
      skipped('moved_before_mapping_applied', 'iv1', interview, 'c1'),
      skipped('moved_before_mapping_applied', 'iv1', interview, 'c2'),
    ]);
  });

  it('requests, whatever the flag, for candidates who entered the stage after the mapping was applied (a move judged before the mapping arrived)', () => {
    const candidates = [inStage('c1', at(1)), inStage('c4', at(12))];
    expect(decideBackfill(backfill({ mapping: mapping(), candidates }))).toEqual([
      skipped('moved_before_mapping_applied', 'iv1', interview, 'c1'),
      backfilled('c4', 'stage_entered'),
    ]);
  });

  it('skips with the facts reasons', () => {
    const candidates = [inStage('c1', at(1), interview, { hasEmail: false, withdrawn: false }), inStage('c2', at(2), interview, { hasEmail: true, withdrawn: true })];
    expect(decideBackfill(backfill({ candidates }))).toEqual([
      skipped('no_email', 'iv1', interview, 'c1'),
      skipped('candidate_withdrawn', 'iv1', interview, 'c2'),
    ]);
    expect(decideBackfill(backfill({ job: { open: false } })).map((d) => d.kind === 'skip' && d.reason)).toEqual(['job_closed', 'job_closed']);
    expect(decideBackfill(backfill({ grant: 'lost' })).map((d) => d.kind === 'skip' && d.reason)).toEqual(['grant_lost', 'grant_lost']);
  });

  it('backfills nothing for a removed mapping, and each candidate once', () => {
    expect(decideBackfill(backfill({ mapping: mapping({ backfill: true, removedAt: at(15) }) }))).toEqual([]);
    expect(decideBackfill(backfill({ candidates: [inStage('c1', at(1)), inStage('c1', at(1))] }))).toEqual([backfilled('c1')]);
  });

  it('is deterministic: applying the same mapping event again decides the same requests', () => {
    expect(decideBackfill(backfill())).toEqual(decideBackfill(backfill()));
  });
});
