import type { AllStreamResolvedEvent, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import type { RecordedEvent } from '../event-store.port';
import type { ScanResult } from '../subscription-loop';
import { consumeRead, type OpenReads } from './esdb-reads';

/** Subscription checkpoints are events in streams of this category (hidden from `readAll`). */
export const checkpointCategory = 'subscriptionCheckpoint-';

/** System streams (`$…`) and our checkpoint streams never reach callers of `readAll`. */
export const isUserStream = (stream: string): boolean => !stream.startsWith('$') && !stream.startsWith(checkpointCategory);

/** Whether a stream is one a scan with these prefixes delivers: a user stream, of one of the prefixes if any are given. */
export function streamFilter(prefixes: readonly string[]): (stream: string) => boolean {
  return (stream) => isUserStream(stream) && (prefixes.length === 0 || prefixes.some((prefix) => stream.startsWith(prefix)));
}

export function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: Number(event.position?.commit ?? resolved.commitPosition ?? -1),
    type: event.type,
    data: event.data,
    metadata: (event.metadata ?? {}) as Record<string, unknown>,
    recordedAt: event.created,
  };
}

/** Opens a forward read of `$all` from a position (inclusive; from the start when undefined). */
export type ReadAllPage = (from: number | undefined, maxCount: number) => StreamingRead<AllStreamResolvedEvent>;

/**
 * Pages through `$all` after a position and filters here: 6.2.1's `readAll` sends no filter
 * (readAll.js:110 `setNoFilter`). Reports how far it read, so a sparse subscription does not page
 * through the same tail again, and the last user event it passed (see `ScanResult`).
 */
export async function scanAll(
  readPage: ReadAllPage,
  after: number | undefined,
  prefixes: readonly string[],
  maxCount: number,
  reads: OpenReads,
  pageSize = 1000,
): Promise<ScanResult> {
  const matches = streamFilter(prefixes);
  const events: RecordedEvent[] = [];
  let scannedTo = after;
  let lastUserEventAt: number | undefined;
  for (;;) {
    let seen = 0;
    let full = false;
    await consumeRead(
      readPage(scannedTo, pageSize),
      (resolved) => {
        seen++;
        const position = Number(resolved.event?.position.commit ?? resolved.commitPosition ?? -1);
        // A read from a position starts at the event there, which the last page already had.
        if (scannedTo !== undefined && position <= scannedTo) return;
        scannedTo = position;
        const stream = resolved.event?.streamId ?? '$unknown';
        if (!isUserStream(stream)) return;
        lastUserEventAt = position;
        const event = matches(stream) ? toRecorded(resolved) : undefined;
        if (!event) return;
        events.push(event);
        if (events.length >= maxCount) {
          full = true;
          return false;
        }
      },
      reads,
    );
    if (full || seen < pageSize) return { events, scannedTo, lastUserEventAt };
  }
}
