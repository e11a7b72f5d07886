import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { eventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

// Set by the global setup: ESDB_URL as given, or a KurrentDB testcontainer where Docker exists.
const url = process.env['ESDB_URL'];

if (url) {
  eventStoreContract('EventStoreDB', () => ({ open: () => EsdbEventStore.open({ connectionString: url, pollIntervalMs: 50 }) }));
} else {
  announceSkip(
    'event store contract: EventStoreDB',
    'no ESDB_URL and no container runtime (EventStoreDB has no build on any registry this machine reaches)',
  );
  describe.skip('event store contract: EventStoreDB (no server)', () => it.skip('needs ESDB_URL or Docker', () => {}));
}
