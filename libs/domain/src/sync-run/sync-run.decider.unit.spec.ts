import { createEvent, type EventByType, type SyncRunEvent } from '@srw/contracts';
import { deciderSpec } from '../testing';
import { describe, it } from 'vitest';
import type { CommandMetadata } from '../command';
import { DomainRuleViolation } from '../domain-rule-violation';
import { syncRunDecider, type SyncRunCommand } from './sync-run.decider';

const spec = deciderSpec(syncRunDecider);

const meta = (causationId: string): CommandMetadata => ({
  tenantId: 'acme',
  correlationId: 'run-1',
  causationId,
  observedAt: '2026-03-01T10:00:00.000Z',
});

function command<T extends SyncRunCommand['type']>(
  type: T,
  data: Extract<SyncRunCommand, { type: T }>['data'],
  metadata = meta(`cmd-${type}`),
): Extract<SyncRunCommand, { type: T }> {
  return { type, data, metadata } as Extract<SyncRunCommand, { type: T }>;
}

const event = <T extends SyncRunEvent['type']>(type: T, data: EventByType<T>['data'], metadata = meta(`evt-${type}`)) =>
  createEvent(type, data, metadata);

/** The event the given command leads to. */
const resultOf = <T extends SyncRunCommand>(cmd: T) => {
  const types = {
    StartSyncRun: 'SyncRunStarted',
    RecordCheckpoint: 'SyncCheckpointReached',
    CompleteSyncRun: 'SyncRunCompleted',
    FailSyncRun: 'SyncRunFailed',
  } as const;
  return createEvent(types[cmd.type], cmd.data as never, cmd.metadata);
};

const startData = { runId: 'run-1', kind: 'initial', resources: ['jobs', 'hiringProcesses'] } as const satisfies EventByType<'SyncRunStarted'>['data'];
const started = event('SyncRunStarted', { ...startData, resources: [...startData.resources] });
const jobsPage1 = event('SyncCheckpointReached', { resource: 'jobs', cursor: 'page-2', done: 100, total: 250 });
const jobsPage2 = event('SyncCheckpointReached', { resource: 'jobs', cursor: 'page-3', done: 200, total: 250 });
const jobsDone = event('SyncCheckpointReached', { resource: 'jobs', cursor: null, done: 250, total: 250 });
const completed = event('SyncRunCompleted', { counts: { jobs: 250 }, apiCalls: 4, durationMs: 1200 });
const failed = event('SyncRunFailed', { error: { code: 'RATE_LIMITED', message: '429' }, retryable: true, apiCalls: 3 });

const start = command('StartSyncRun', { ...startData, resources: [...startData.resources] });
const complete = command('CompleteSyncRun', { counts: { jobs: 250 }, apiCalls: 4, durationMs: 1200 });
const fail = command('FailSyncRun', { error: { code: 'UPSTREAM', message: 'SR answered 500' }, retryable: true, apiCalls: 2 });
const checkpoint = (cursor: string | null, done: number, resource: 'jobs' | 'hiringProcesses' | 'candidates' = 'jobs') =>
  command('RecordCheckpoint', { resource, cursor, done, total: 250 });

const isRule = (rule: string) => (error: DomainRuleViolation) => error.rule === rule;

describe('sync run decider', () => {
  describe('StartSyncRun', () => {
    it('starts a run', () => {
      spec.given([]).when(start).then([resultOf(start)]);
    });

    it('starts a run that resumes an interrupted one', () => {
      const resume = command('StartSyncRun', { ...startData, runId: 'run-2', resources: ['jobs'], resumesRunId: 'run-1' });
      spec.given([]).when(resume).then([resultOf(resume)]);
    });

    it('changes nothing when the same start is delivered again, even after the run ended', () => {
      spec.given([]).when(start).thenRedeliveryChangesNothing();
      spec.given([started, jobsDone, completed]).when(start).thenNothing();
    });

    it('refuses to start a run again differently', () => {
      spec
        .given([started])
        .when(command('StartSyncRun', { ...startData, kind: 'incremental', resources: ['jobs', 'hiringProcesses'] }))
        .thenThrows(DomainRuleViolation, isRule('sync_run_already_started'));
      spec
        .given([started])
        .when(command('StartSyncRun', { ...startData, resources: ['jobs'] }))
        .thenThrows(DomainRuleViolation, isRule('sync_run_already_started'));
    });
  });

  describe('RecordCheckpoint', () => {
    it('records the first page of a resource, and the pages after it', () => {
      const first = checkpoint('page-2', 100);
      spec.given([started]).when(first).then([resultOf(first)]);
      const next = checkpoint('page-3', 200);
      spec.given([started, jobsPage1]).when(next).then([resultOf(next)]);
      const last = checkpoint(null, 250);
      spec.given([started, jobsPage1, jobsPage2]).when(last).then([resultOf(last)]);
    });

    it('keeps each resource apart', () => {
      const stages = checkpoint(null, 12, 'hiringProcesses');
      spec.given([started, jobsPage2]).when(stages).then([resultOf(stages)]);
    });

    it('changes nothing when the same checkpoint is delivered again', () => {
      spec.given([started, jobsPage1]).when(checkpoint('page-2', 100)).thenNothing();
      spec.given([started, jobsPage1]).when(checkpoint('page-3', 200)).thenRedeliveryChangesNothing();
      spec.given([started, jobsPage1, jobsDone]).when(checkpoint(null, 250)).thenNothing();
    });

    it('only moves forward: refuses a checkpoint behind the last one', () => {
      spec.given([started, jobsPage2]).when(checkpoint('page-2', 100)).thenThrows(DomainRuleViolation, isRule('checkpoint_behind'));
    });

    it('refuses a checkpoint for a resource whose last page was already recorded', () => {
      spec.given([started, jobsDone]).when(checkpoint('page-2', 300)).thenThrows(DomainRuleViolation, isRule('resource_already_synced'));
    });

    it('refuses a checkpoint for a resource the run does not sync', () => {
      spec.given([started]).when(checkpoint('page-2', 100, 'candidates')).thenThrows(DomainRuleViolation, isRule('resource_not_in_run'));
    });

    it('refuses a checkpoint on a completed or failed run, or before the start', () => {
      spec.given([started, jobsPage1, completed]).when(checkpoint('page-3', 200)).thenThrows(DomainRuleViolation, isRule('sync_run_finished'));
      spec
        .given([started, failed])
        .when(checkpoint('page-2', 100))
        .thenThrows(DomainRuleViolation, (error) => error.rule === 'sync_run_finished' && /failed/.test(error.message));
      spec.given([]).when(checkpoint('page-2', 100)).thenThrows(DomainRuleViolation, isRule('sync_run_not_started'));
    });
  });

  describe('CompleteSyncRun', () => {
    it('completes a running run', () => {
      spec.given([started, jobsDone]).when(complete).then([resultOf(complete)]);
    });

    it('changes nothing when delivered again', () => {
      spec.given([started]).when(complete).thenRedeliveryChangesNothing();
      spec.given([started, completed]).when(complete).thenNothing();
    });

    it('refuses to complete a failed run, or one never started', () => {
      spec.given([started, failed]).when(complete).thenThrows(DomainRuleViolation, isRule('sync_run_finished'));
      spec.given([]).when(complete).thenThrows(DomainRuleViolation, isRule('sync_run_not_started'));
    });
  });

  describe('FailSyncRun', () => {
    it('fails a running run', () => {
      spec.given([started, jobsPage1]).when(fail).then([resultOf(fail)]);
    });

    it('changes nothing when delivered again', () => {
      spec.given([started]).when(fail).thenRedeliveryChangesNothing();
      spec.given([started, failed]).when(fail).thenNothing();
    });

    it('refuses to fail a completed run, or one never started', () => {
      spec.given([started, completed]).when(fail).thenThrows(DomainRuleViolation, isRule('sync_run_finished'));
      spec.given([]).when(fail).thenThrows(DomainRuleViolation, isRule('sync_run_not_started'));
    });
  });

  describe('redelivered events', () => {
    it.each([started, jobsPage1, completed, failed])('folding $type twice changes nothing', (repeated) => {
      spec.given([started, repeated]).whenRedelivered(repeated).thenStateUnchanged();
    });
  });

  it('folds a run into where each resource stands', () => {
    spec.given([started, jobsPage1, jobsPage2, event('SyncCheckpointReached', { resource: 'hiringProcesses', cursor: null, done: 12, total: null })]).thenState({
      status: 'running',
      start: started.data,
      checkpoints: {
        jobs: { cursor: 'page-3', done: 200, total: 250 },
        hiringProcesses: { cursor: null, done: 12, total: null },
      },
    });
  });
});
