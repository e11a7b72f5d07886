import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const path = join(dir, 'events.sqlite');
  return {
    open: () => SqliteEventStore.open({ path, pollIntervalMs: 50 }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('embedded event store across processes', () => {
  it('lets exactly one of several processes win each revision of a stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-procs-'));
    const path = join(dir, 'events.sqlite');
    await (await SqliteEventStore.open({ path })).close();
    const script = fileURLToPath(new URL('../testing/appender-process.ts', import.meta.url));
    const run = () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, path, 'race-1', '60'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`appender exited ${code}`))));
      });
    const outcomes = (await Promise.all([run(), run(), run(), run()])).flat();
    const store = await SqliteEventStore.open({ path });
    const events = await store.readStream('race-1');
    await store.close();
    rmSync(dir, { recursive: true, force: true });

    const won = outcomes.filter((line) => line.startsWith('won')).map((line) => Number(line.split(' ')[1]));
    expect(outcomes).toHaveLength(240);
    expect(outcomes.some((line) => line === 'lost')).toBe(true);
    expect(new Set(won).size).toBe(won.length);
    expect(events).toHaveLength(won.length);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
  }, 120_000);
});
