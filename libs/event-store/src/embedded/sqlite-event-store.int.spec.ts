import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const path = join(dir, 'events.sqlite');
  return {
    open: async () => new SqliteEventStore(path, 50),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
