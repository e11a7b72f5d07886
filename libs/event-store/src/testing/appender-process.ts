/**
 * An appender in its own process, for the cross-process concurrency test of the embedded store.
 * The parent drives it line by line on stdin, so that every process reads the same revision before
 * any of them appends (a barrier: the race is forced, not hoped for):
 * - `read`: reads the stream's last revision, prints `read <revision|no_stream>`;
 * - `append`: appends one event expecting the revision it last read, prints `won <revision>` or `lost`.
 * Usage: tsx appender-process.ts <sqlite path> <stream>
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ConcurrencyError } from '@srw/errors';
import type { ExpectedRevision } from '../event-store.port';
import { SqliteEventStore } from '../embedded/sqlite-event-store';

const [path, stream] = process.argv.slice(2);
const store = await SqliteEventStore.open({ path: path! });
let expected: ExpectedRevision = 'no_stream';
for await (const command of createInterface({ input: process.stdin })) {
  if (command === 'read') {
    const [last] = await store.readStream(stream!, { direction: 'backwards', maxCount: 1 });
    expected = last ? last.revision : 'no_stream';
    process.stdout.write(`read ${expected}\n`);
  } else if (command === 'append') {
    try {
      const event = { id: randomUUID(), type: 'Raced', data: { pid: process.pid }, metadata: {} };
      const result = await store.append(stream!, [event], { expectedRevision: expected });
      process.stdout.write(`won ${result.nextRevision}\n`);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      process.stdout.write('lost\n');
    }
  }
}
await store.close();
