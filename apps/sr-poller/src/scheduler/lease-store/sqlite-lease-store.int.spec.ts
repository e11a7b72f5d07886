import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseStoreContract } from './lease-store.contract';
import { openSqliteLeaseStore } from './sqlite-lease-store';

leaseStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-poller-leases-'));
  return {
    open: async () => openSqliteLeaseStore(join(dir, 'leases.sqlite')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
