import { Readable } from 'node:stream';
import type { AllStreamResolvedEvent, StreamingRead } from '@eventstore/db-client';
// The client's own wrapper around a gRPC read, driven here by an in-memory call: what it does
// with the call when a reader leaves early is the behaviour under test.
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { describe, expect, it } from 'vitest';
import { consumeRead, OpenReads } from './esdb-reads';
import { checkpointCategory, scanAll, streamFilter, type ReadAllPage } from './esdb-scan';

interface FakeCall {
  cancelled: boolean;
}

const resolved = (streamId: string, position: number): AllStreamResolvedEvent =>
  ({
    event: {
      streamId,
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      revision: 0n,
      type: 'Happened',
      data: { position },
      metadata: {},
      isJson: true,
      position: { commit: BigInt(position), prepare: BigInt(position) },
      created: new Date(0),
    },
    commitPosition: BigInt(position),
  }) as unknown as AllStreamResolvedEvent;

/** A read of these events through the client's ReadStream, over a gRPC call that records its cancellation. */
function readOf(events: readonly AllStreamResolvedEvent[], calls: FakeCall[]): StreamingRead<AllStreamResolvedEvent> {
  const state: FakeCall = { cancelled: false };
  calls.push(state);
  const call = new Readable({ objectMode: true, read() {} }) as Readable & { cancel(): void };
  call.cancel = () => {
    state.cancelled = true;
    call.destroy();
  };
  for (const event of events) call.push({ hasEvent: () => true, getEvent: () => event });
  call.push(null);
  return new ReadStream(() => Promise.resolve(call as never), (event: unknown) => event as never, {}) as unknown as StreamingRead<AllStreamResolvedEvent>;
}

/** `$all` as the server pages it: forwards from a position, inclusive. */
const pagesOf = (log: readonly AllStreamResolvedEvent[], calls: FakeCall[]): ReadAllPage => (from, maxCount) =>
  readOf(log.filter((e) => from === undefined || Number(e.commitPosition) >= from).slice(0, maxCount), calls);

describe('consumeRead', () => {
  it('cancels the gRPC call of a read left early (the client only destroys its wrapper)', async () => {
    const calls: FakeCall[] = [];
    const reads = new OpenReads();
    const seen: number[] = [];
    await consumeRead(readOf([1, 2, 3, 4].map((p) => resolved('a-1', p)), calls), (e) => (seen.push(Number(e.commitPosition)), seen.length < 2), reads);
    expect(seen).toEqual([1, 2]);
    expect(calls[0]!.cancelled).toBe(true);
    expect(reads.count).toBe(0);
  });

  it('leaves a read consumed to its end alone', async () => {
    const calls: FakeCall[] = [];
    const reads = new OpenReads();
    let seen = 0;
    await consumeRead(readOf([1, 2].map((p) => resolved('a-1', p)), calls), () => void seen++, reads);
    expect(seen).toBe(2);
    expect(calls[0]!.cancelled).toBe(false);
    expect(reads.count).toBe(0);
  });

  it('cancels the call when the visitor throws, and passes the error on', async () => {
    const calls: FakeCall[] = [];
    const reads = new OpenReads();
    const failing = consumeRead(readOf([resolved('a-1', 1), resolved('a-1', 2)], calls), () => {
      throw new TypeError('bug');
    }, reads);
    await expect(failing).rejects.toThrow('bug');
    expect(calls[0]!.cancelled).toBe(true);
    expect(reads.count).toBe(0);
  });
});

describe('streamFilter', () => {
  it('keeps user streams of the prefixes; never system or checkpoint streams', () => {
    const wanted = streamFilter(['invite-', 'srJob-']);
    expect(['invite-t:1', 'srJob-t:2', 'integration-t', '$stats-1', `${checkpointCategory}relay`].map(wanted)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const everything = streamFilter([]);
    expect(['integration-t', '$$integration-t', `${checkpointCategory}relay`].map(everything)).toEqual([true, false, false]);
  });
});

describe('scanAll', () => {
  const log = [
    resolved('invite-a', 10),
    resolved('$stats-1', 20),
    resolved('other-b', 30),
    resolved('invite-b', 40),
    resolved(`${checkpointCategory}relay`, 50),
    resolved('invite-c', 60),
    resolved('$stats-1', 70),
    resolved(`${checkpointCategory}relay`, 80),
  ];

  it('pages through $all after a position, each event once, and cancels the page a full batch leaves', async () => {
    const calls: FakeCall[] = [];
    const reads = new OpenReads();
    const full = await scanAll(pagesOf(log, calls), 10, ['invite-'], 1, reads, 3);
    expect(full.events.map((e) => e.position)).toEqual([40]);
    expect(full.scannedTo).toBe(40);
    // The first page (10, 20, 30) was read to its end; the second was left at 40.
    expect(calls.map((c) => c.cancelled)).toEqual([false, true]);
    expect(reads.count).toBe(0);
  });

  it('reads to the end across pages, reporting how far it scanned and the last user event it passed', async () => {
    const calls: FakeCall[] = [];
    const reads = new OpenReads();
    const scan = await scanAll(pagesOf(log, calls), undefined, ['invite-'], 100, reads, 3);
    expect(scan.events.map((e) => e.position)).toEqual([10, 40, 60]);
    expect(scan.scannedTo).toBe(80);
    // Checkpoint and system events are passed over but are no reason to store a checkpoint.
    expect(scan.lastUserEventAt).toBe(60);
    expect(reads.count).toBe(0);
  });

  it('finds nothing new after the end, and no user event to store', async () => {
    const scan = await scanAll(pagesOf(log, []), 80, ['invite-'], 100, new OpenReads(), 3);
    expect(scan).toEqual({ events: [], scannedTo: 80, lastUserEventAt: undefined });
  });
});
