/**
 * An appender in its own process, for the cross-process concurrency test of the embedded store:
 * reads the stream's last revision and appends with it as the expected revision, `attempts` times.
 * Prints one line per attempt: `won <revision>` or `lost`.
 * Usage: tsx appender-process.ts <sqlite path> <stream> <attempts>
 */
import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '@srw/errors';
import { SqliteEventStore } from '../embedded/sqlite-event-store';

const [path, stream, attempts] = process.argv.slice(2);
const store = await SqliteEventStore.open({ path: path! });
for (let i = 0; i < Number(attempts); i++) {
  const [last] = await store.readStream(stream!, { direction: 'backwards', maxCount: 1 });
  const expected = last ? last.revision : 'no_stream';
  try {
    const result = await store.append(stream!, [{ id: randomUUID(), type: 'Raced', data: { pid: process.pid }, metadata: {} }], {
      expectedRevision: expected,
    });
    process.stdout.write(`won ${result.nextRevision}\n`);
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    process.stdout.write('lost\n');
  }
}
await store.close();
