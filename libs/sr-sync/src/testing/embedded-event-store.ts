import { SqliteEventStore, type EventStore } from '@srw/event-store';

/**
 * The embedded event store at `path` (a file shared with a child process, or `:memory:`), for the
 * specs, the crash child and the bench. The one place that knows how the embedded adapter is opened:
 * on main it moves to `@srw/event-store/embedded` as `await SqliteEventStore.open({ path })`.
 */
export async function openEmbeddedEventStore(path = ':memory:'): Promise<EventStore> {
  return new SqliteEventStore(path);
}
