import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';

/**
 * The embedded event store at `path` (a file shared with a child process, or `:memory:`), for the
 * specs, the crash child and the bench: the one place that knows how the embedded adapter is opened.
 */
export function openEmbeddedEventStore(path = ':memory:'): Promise<EventStore> {
  return SqliteEventStore.open({ path });
}
