import { parseDomainEvent, streams, type EventByType, type NewMetadata, type SyncResource } from '@srw/contracts';
import { foldEvents, syncRunDecider, type SyncCheckpoint, type SyncRunCommand, type SyncRunEvent, type SyncRunState } from '@srw/domain';
import { eventIdFor, type EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';

type DataOf<T extends SyncRunEvent['type']> = EventByType<T>['data'];

/** A checkpoint as the sync reports it to its observer (progress, tests). */
export interface CheckpointReport extends SyncCheckpoint {
  runId: string;
  resource: SyncResource;
}

/**
 * Records one run in its `syncRun-{tenant}:{runId}` stream through the sync-run decider, so that the
 * stream's rules (checkpoints only forward, nothing after the end) hold whoever writes. Event ids
 * are derived from the command, so a command repeated after a crash appends nothing.
 */
export class SyncRunRecorder {
  readonly stream: string;

  constructor(
    private readonly store: EventStore,
    private readonly tenantId: string,
    readonly runId: string,
    private readonly metadata: () => NewMetadata,
  ) {
    this.stream = streams.syncRun(tenantId, runId);
  }

  async start(data: DataOf<'SyncRunStarted'>): Promise<SyncRunState> {
    return (await this.handle({ type: 'StartSyncRun', data, metadata: this.metadata() })).state;
  }

  async checkpoint(data: DataOf<'SyncCheckpointReached'>): Promise<void> {
    await this.handle({ type: 'RecordCheckpoint', data, metadata: this.metadata() });
  }

  async complete(data: DataOf<'SyncRunCompleted'>): Promise<void> {
    await this.handle({ type: 'CompleteSyncRun', data, metadata: this.metadata() });
  }

  async fail(data: DataOf<'SyncRunFailed'>): Promise<void> {
    await this.handle({ type: 'FailSyncRun', data, metadata: this.metadata() });
  }

  private handle(command: SyncRunCommand) {
    return handleCommand(this.store, this.stream, syncRunDecider, command, {
      eventId: (cmd) => eventIdFor(this.stream, cmd.type, JSON.stringify(cmd.type === 'StartSyncRun' || cmd.type === 'RecordCheckpoint' ? cmd.data : '')),
    });
  }
}

/** A recorded run as the next one needs it: its state and when it started. */
export interface RunHistory {
  state: SyncRunState;
  /** `observedAt` of its `SyncRunStarted`: the high-water mark of the run after it. */
  startedAt: string | undefined;
}

export async function readRun(store: EventStore, tenantId: string, runId: string): Promise<RunHistory> {
  const recorded = await store.readStream(streams.syncRun(tenantId, runId));
  const events = recorded.map((event) => parseDomainEvent({ type: event.type, data: event.data, metadata: event.metadata }) as SyncRunEvent);
  const started = events.find((event) => event.type === 'SyncRunStarted');
  return { state: foldEvents(syncRunDecider, events), startedAt: started?.metadata.observedAt };
}
