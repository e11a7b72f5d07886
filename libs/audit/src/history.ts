import type { EventStore, RecordedEvent } from '@srw/event-store';

export interface HistoryScan {
  /** Only streams starting with one of these; every stream when omitted. */
  streamPrefixes?: readonly string[];
  /** Events read per page. */
  pageSize?: number;
  /**
   * Inclusive end, on the time the store recorded each event: the scan stops at the first event
   * recorded later (positions follow the store's commit order, and so does its clock).
   */
  recordedUntil?: Date;
}

/** `$all` in position order, page by page: a history of any size in bounded memory. */
export async function* scanHistory(store: EventStore, { streamPrefixes, pageSize = 1_000, recordedUntil }: HistoryScan = {}): AsyncGenerator<RecordedEvent[]> {
  let after: number | undefined;
  const until = recordedUntil?.getTime();
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: pageSize, ...(streamPrefixes ? { streamPrefixes } : {}) });
    if (page.length === 0) return;
    after = page[page.length - 1]!.position;
    if (until !== undefined) {
      const end = page.findIndex((event) => event.recordedAt.getTime() > until);
      if (end >= 0) {
        if (end > 0) yield page.slice(0, end);
        return;
      }
    }
    yield page;
    if (page.length < pageSize) return;
  }
}
