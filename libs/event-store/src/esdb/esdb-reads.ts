import type { StreamingRead } from '@eventstore/db-client';

/** Client reads started and not yet ended or cancelled. */
export class OpenReads {
  count = 0;
}

/**
 * Visits a client read until it ends or `visit` returns false. A read left early is cancelled:
 * leaving a `for await` only destroys the client's wrapper stream, and the gRPC call piped into it
 * stays open, paused (ReadStream.js:23-33 pipes it, `cancel()` at :60 is what ends it); a long
 * catch-up would pile up open calls until the server stopped answering.
 */
export async function consumeRead<T>(read: StreamingRead<T>, visit: (item: T) => boolean | void, reads: OpenReads): Promise<void> {
  reads.count++;
  let ended = false;
  try {
    for await (const item of read) {
      if (visit(item) === false) return;
    }
    ended = true;
  } finally {
    // Cancelling a call that already failed is harmless; its error, not the cancel's, is the one to report.
    if (!ended) await read.cancel().catch(() => undefined);
    reads.count--;
  }
}
