import { createEvent, type EventByType } from '@srw/contracts';
import type { Command } from '../command';
import type { Decider } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import {
  evolveSyncRun,
  initialSyncRunState,
  type SyncRunEvent,
  type SyncRunStart,
  type SyncRunState,
} from './sync-run.events';

type DataOf<T extends SyncRunEvent['type']> = EventByType<T>['data'];

export type StartSyncRun = Command<'StartSyncRun', DataOf<'SyncRunStarted'>>;
/** A page of `resource` is done: record where to resume. */
export type RecordCheckpoint = Command<'RecordCheckpoint', DataOf<'SyncCheckpointReached'>>;
export type CompleteSyncRun = Command<'CompleteSyncRun', DataOf<'SyncRunCompleted'>>;
export type FailSyncRun = Command<'FailSyncRun', DataOf<'SyncRunFailed'>>;

export type SyncRunCommand = StartSyncRun | RecordCheckpoint | CompleteSyncRun | FailSyncRun;

function sameStart(start: SyncRunStart, data: SyncRunStart): boolean {
  return (
    start.runId === data.runId &&
    start.kind === data.kind &&
    start.resumesRunId === data.resumesRunId &&
    start.resources.length === data.resources.length &&
    start.resources.every((resource, index) => data.resources[index] === resource)
  );
}

function requireRunning(command: SyncRunCommand, state: SyncRunState): void {
  if (state.status === 'not_started') {
    throw new DomainRuleViolation('sync_run_not_started', `${command.type} before the run was started`);
  }
  if (state.status !== 'running') {
    throw new DomainRuleViolation('sync_run_finished', `${command.type} on a run that has ${state.status}`);
  }
}

function decideSyncRun(command: SyncRunCommand, state: SyncRunState): SyncRunEvent[] {
  const { metadata } = command;
  switch (command.type) {
    case 'StartSyncRun': {
      if (!state.start) return [createEvent('SyncRunStarted', command.data, metadata)];
      if (sameStart(state.start, command.data)) return [];
      throw new DomainRuleViolation('sync_run_already_started', `run ${state.start.runId} was already started differently`);
    }

    case 'RecordCheckpoint': {
      requireRunning(command, state);
      const { resource, cursor, done, total } = command.data;
      if (!state.start?.resources.includes(resource)) {
        throw new DomainRuleViolation('resource_not_in_run', `${resource} is not one of the resources this run syncs`);
      }
      const last = state.checkpoints[resource];
      if (!last) return [createEvent('SyncCheckpointReached', command.data, metadata)];
      if (last.cursor === cursor && last.done === done && last.total === total) return [];
      // Checkpoints only move forward: one behind the last means a second writer, or a stale replay.
      if (last.cursor === null) {
        throw new DomainRuleViolation('resource_already_synced', `${resource} already reached its last page`);
      }
      if (done < last.done) {
        throw new DomainRuleViolation('checkpoint_behind', `${resource} is at ${last.done} done; a checkpoint at ${done} would move it back`);
      }
      return [createEvent('SyncCheckpointReached', command.data, metadata)];
    }

    case 'CompleteSyncRun': {
      if (state.status === 'completed') return [];
      requireRunning(command, state);
      return [createEvent('SyncRunCompleted', command.data, metadata)];
    }

    case 'FailSyncRun': {
      if (state.status === 'failed') return [];
      requireRunning(command, state);
      return [createEvent('SyncRunFailed', command.data, metadata)];
    }

    default: {
      const unknown: never = command;
      throw new TypeError(`unknown sync-run command ${(unknown as { type: string }).type}`);
    }
  }
}

/** One sync run: the `syncRun-{tenant}:{runId}` stream. */
export const syncRunDecider: Decider<SyncRunCommand, SyncRunEvent, SyncRunState> = {
  decide: decideSyncRun,
  evolve: evolveSyncRun,
  initialState: initialSyncRunState,
};
