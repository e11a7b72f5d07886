import type { EventByType, SyncResource, SyncRunEvent } from '@srw/contracts';

export type { SyncRunEvent };

export type SyncRunStatus = 'not_started' | 'running' | 'completed' | 'failed';

export type SyncRunStart = EventByType<'SyncRunStarted'>['data'];

/** Where a resource's paging stands: `cursor` is the resume point, `null` once its last page is done. */
export interface SyncCheckpoint {
  cursor: string | null;
  done: number;
  total: number | null;
}

export interface SyncRunState {
  status: SyncRunStatus;
  start: SyncRunStart | undefined;
  checkpoints: Partial<Record<SyncResource, SyncCheckpoint>>;
}

export const initialSyncRunState = (): SyncRunState => ({ status: 'not_started', start: undefined, checkpoints: {} });

export function evolveSyncRun(state: SyncRunState, event: SyncRunEvent): SyncRunState {
  switch (event.type) {
    case 'SyncRunStarted':
      return { ...state, status: 'running', start: event.data };
    case 'SyncCheckpointReached': {
      const { resource, cursor, done, total } = event.data;
      return { ...state, checkpoints: { ...state.checkpoints, [resource]: { cursor, done, total } } };
    }
    case 'SyncRunCompleted':
      return { ...state, status: 'completed' };
    case 'SyncRunFailed':
      return { ...state, status: 'failed' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
