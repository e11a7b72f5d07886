import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busContract } from '../testing/bus.contract';

busContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-'));
  return {
    config: { kind: 'embedded', path: join(dir, 'bus.sqlite') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
