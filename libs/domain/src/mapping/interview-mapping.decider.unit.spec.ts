import { createEvent, type EventByType, type InterviewMappingEvent } from '@srw/contracts';
import { describe, it } from 'vitest';
import type { CommandMetadata } from '../command';
import { DomainRuleViolation } from '../domain-rule-violation';
import { deciderSpec } from '../testing';
import { interviewMappingDecider, type ApplyInterviewMapping, type RemoveInterviewMapping } from './interview-mapping.decider';
import type { MappedJob } from './interview-mapping.events';

const spec = deciderSpec(interviewMappingDecider);

const meta = (causationId: string): CommandMetadata => ({
  tenantId: 'acme',
  correlationId: causationId,
  causationId,
  observedAt: '2026-03-01T10:00:00.000Z',
});

function event<T extends InterviewMappingEvent['type']>(type: T, data: EventByType<T>['data'], causationId: string): EventByType<T> {
  return createEvent(type, data, meta(causationId));
}

const interviewId = 'iv-1';
const screening: MappedJob = { jobId: 'job-1', triggerStages: [{ status: 'IN_REVIEW', subStatus: 'Screening' }], backfill: false };
const interview: MappedJob = { jobId: 'job-2', triggerStages: [{ status: 'INTERVIEW', subStatus: null }], backfill: true };

const apply = (jobs: MappedJob[], expectedRevision: number | undefined, causationId = 'req-apply'): ApplyInterviewMapping => ({
  type: 'ApplyInterviewMapping',
  data: { interviewId, jobs, appliedBy: 'admin-1', expectedRevision },
  metadata: meta(causationId),
});
const remove = (expectedRevision: number | undefined): RemoveInterviewMapping => ({
  type: 'RemoveInterviewMapping',
  data: { interviewId, removedBy: 'admin-2', expectedRevision },
  metadata: meta('req-remove'),
});

const connectedBoth = event('InterviewJobsConnected', { interviewId, jobs: [screening, interview], appliedBy: 'admin-1' }, 'req-1');
const rule = (name: string) => (error: DomainRuleViolation) => error.rule === name;

describe('interview mapping decider', () => {
  describe('ApplyInterviewMapping', () => {
    it('connects every job of a first mapping, without a revision', () => {
      const command = apply([screening, interview], undefined);
      spec.given([]).when(command).then([event('InterviewJobsConnected', { interviewId, jobs: [screening, interview], appliedBy: 'admin-1' }, 'req-apply')]);
    });

    it('replaces the list: changed jobs are connected again, jobs left out are disconnected, unchanged ones say nothing', () => {
      const moved: MappedJob = { ...screening, triggerStages: [{ status: 'OFFERED', subStatus: null }] };
      const third: MappedJob = { jobId: 'job-3', triggerStages: [{ status: 'NEW', subStatus: null }], backfill: false };
      spec
        .given([connectedBoth])
        .when(apply([moved, third], 0))
        .then([
          event('InterviewJobsConnected', { interviewId, jobs: [moved, third], appliedBy: 'admin-1' }, 'req-apply'),
          event('InterviewJobDisconnected', { interviewId, jobId: 'job-2', disconnectedBy: 'admin-1' }, 'req-apply'),
        ]);
    });

    it('treats the same stages in another order as no change', () => {
      const twoStages: MappedJob = { jobId: 'job-1', triggerStages: [{ status: 'A', subStatus: null }, { status: 'B', subStatus: 'x' }], backfill: false };
      const given = event('InterviewJobsConnected', { interviewId, jobs: [twoStages], appliedBy: 'admin-1' }, 'req-1');
      spec.given([given]).when(apply([{ ...twoStages, triggerStages: [...twoStages.triggerStages].reverse() }], 0)).thenNothing();
    });

    it('changing only the backfill option connects the job again', () => {
      spec
        .given([connectedBoth])
        .when(apply([{ ...screening, backfill: true }, interview], 0))
        .then([event('InterviewJobsConnected', { interviewId, jobs: [{ ...screening, backfill: true }], appliedBy: 'admin-1' }, 'req-apply')]);
    });

    it('refuses a change to an existing mapping without a revision (If-Match missing)', () => {
      spec.given([connectedBoth]).when(apply([screening], undefined)).thenThrows(DomainRuleViolation, rule('revision_required'));
    });

    it('refuses a change made against an older revision (two admins)', () => {
      const secondAdmin = event('InterviewJobDisconnected', { interviewId, jobId: 'job-2', disconnectedBy: 'admin-2' }, 'req-2');
      spec.given([connectedBoth, secondAdmin]).when(apply([interview], 0)).thenThrows(DomainRuleViolation, rule('revision_mismatch'));
      spec.given([connectedBoth, secondAdmin]).when(apply([interview], 1)).then([
        event('InterviewJobsConnected', { interviewId, jobs: [interview], appliedBy: 'admin-1' }, 'req-apply'),
        event('InterviewJobDisconnected', { interviewId, jobId: 'job-1', disconnectedBy: 'admin-1' }, 'req-apply'),
      ]);
    });

    it('refuses a revision named for a mapping that does not exist yet', () => {
      spec.given([]).when(apply([screening], 3)).thenThrows(DomainRuleViolation, rule('revision_mismatch'));
    });

    it('a redelivered apply changes nothing, even though its revision is now stale', () => {
      spec.given([]).when(apply([screening, interview], undefined)).thenRedeliveryChangesNothing();
      spec.given([connectedBoth]).when(apply([screening], 0)).thenRedeliveryChangesNothing();
    });

    it('an apply arriving after a later one (out of order) is refused by its revision, not applied over it', () => {
      const later = event('InterviewJobsConnected', { interviewId, jobs: [{ ...interview, backfill: false }], appliedBy: 'admin-2' }, 'req-later');
      spec.given([connectedBoth, later]).when(apply([screening], 0, 'req-earlier')).thenThrows(DomainRuleViolation, rule('revision_mismatch'));
    });
  });

  describe('RemoveInterviewMapping', () => {
    it('disconnects every job', () => {
      spec
        .given([connectedBoth])
        .when(remove(0))
        .then([
          event('InterviewJobDisconnected', { interviewId, jobId: 'job-1', disconnectedBy: 'admin-2' }, 'req-remove'),
          event('InterviewJobDisconnected', { interviewId, jobId: 'job-2', disconnectedBy: 'admin-2' }, 'req-remove'),
        ]);
    });

    it('needs the revision, and the current one', () => {
      spec.given([connectedBoth]).when(remove(undefined)).thenThrows(DomainRuleViolation, rule('revision_required'));
      spec.given([connectedBoth]).when(remove(5)).thenThrows(DomainRuleViolation, rule('revision_mismatch'));
    });

    it('removing a mapping with no jobs (never made, or removed already) changes nothing', () => {
      spec.given([]).when(remove(undefined)).thenNothing();
      spec.given([connectedBoth]).when(remove(0)).thenRedeliveryChangesNothing();
    });
  });

  describe('state', () => {
    it('folds to the connected jobs and the stream revision', () => {
      const dropped = event('InterviewJobDisconnected', { interviewId, jobId: 'job-1', disconnectedBy: 'admin-1' }, 'req-2');
      spec.given([connectedBoth, dropped]).thenState({ jobs: [interview], revision: 1 });
    });

    it('a redelivered event leaves the jobs as they were (each stored event counts once toward the revision: the store dedupes by id)', () => {
      spec.given([connectedBoth]).whenRedelivered(connectedBoth).thenState({ jobs: [screening, interview], revision: 1 });
    });
  });
});
