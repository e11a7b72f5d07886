import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { eventually } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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

/** A child process spoken to line by line: a command on its stdin, then its answer from stdout. */
function appenderProcess(path: string, stream: string) {
  const script = fileURLToPath(new URL('../testing/appender-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, stream], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    async ask(command: 'read' | 'append'): Promise<string> {
      child.stdin.write(`${command}\n`);
      const answer = await Promise.race([lines.next(), exited.then((code) => new Error(`appender exited ${code}`))]);
      if (answer instanceof Error) throw answer;
      if (answer.done) throw new Error('appender closed its output');
      return answer.value;
    },
    async close(): Promise<number | null> {
      child.stdin.end();
      return exited;
    },
  };
}

describe('embedded event store across processes', () => {
  it('lets exactly one of several processes win each revision of a stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-procs-'));
    const path = join(dir, 'events.sqlite');
    await (await SqliteEventStore.open({ path })).close();
    const processes = Array.from({ length: 4 }, () => appenderProcess(path, 'race-1'));
    const rounds = 15;
    const winnersPerRound: number[] = [];
    const won: number[] = [];
    try {
      for (let round = 0; round < rounds; round++) {
        // Every process reads before any appends: all four expect the same revision, so the race is
        // real in every round, however the scheduler runs them.
        const reads = await Promise.all(processes.map((p) => p.ask('read')));
        expect(new Set(reads)).toEqual(new Set([`read ${round === 0 ? 'no_stream' : round - 1}`]));
        const outcomes = await Promise.all(processes.map((p) => p.ask('append')));
        const winners = outcomes.filter((line) => line.startsWith('won'));
        winnersPerRound.push(winners.length);
        won.push(...winners.map((line) => Number(line.split(' ')[1])));
        expect(outcomes.filter((line) => line !== 'lost' && !line.startsWith('won'))).toEqual([]);
      }
    } finally {
      const codes = await Promise.all(processes.map((p) => p.close()));
      expect(codes).toEqual([0, 0, 0, 0]);
    }
    const store = await SqliteEventStore.open({ path });
    const events = await store.readStream('race-1');
    await store.close();
    rmSync(dir, { recursive: true, force: true });

    expect(winnersPerRound).toEqual(Array<number>(rounds).fill(1));
    expect(won).toEqual(Array.from({ length: rounds }, (_, i) => i));
    expect(events.map((e) => e.revision)).toEqual(won);
  }, 120_000);
});

describe('embedded event store subscriptions', () => {
  it('hand the appends of one run of synchronous work (a sync page) to a caught-up subscriber as one batch', async () => {
    const store = await SqliteEventStore.open({ pollIntervalMs: 60_000 });
    const batches: number[] = [];
    const subscription = store.subscribe({
      subscriptionId: 'one-batch',
      streamPrefixes: ['page-'],
      handle: async (events) => {
        batches.push(events.length);
      },
    });
    try {
      // The subscriber waits for an append once it has scanned the empty store.
      await eventually(() => (store.diagnostics().polls > 0 ? true : undefined), { what: 'the first scan' });
      // One chain of microtasks, as the sync appends a page's jobs between two yields to the event loop.
      for (let n = 0; n < 50; n++) await store.append(`page-${n}`, [{ id: randomUUID(), type: 'Seen', data: { n }, metadata: {} }]);
      await eventually(() => (batches.reduce((sum, size) => sum + size, 0) === 50 ? true : undefined), { what: 'every append handed over' });
      expect(batches).toEqual([50]);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });
});
