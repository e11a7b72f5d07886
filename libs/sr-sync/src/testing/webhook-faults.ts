import { TransientError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { itemsOf, type SmartRecruitersClient } from '@srw/smartrecruiters';

/** A delivery SR made, as its callbacks log records it. */
export interface LoggedDelivery {
  status: string;
  body: string;
  headers: Record<string, string>;
}

/** The deliveries of one application in a subscription's callbacks log (SR lists newest first). */
export async function loggedDeliveries(client: SmartRecruitersClient, subscriptionId: string, applicationId: string): Promise<LoggedDelivery[]> {
  const entries: LoggedDelivery[] = [];
  for await (const entry of itemsOf(client.webhooks.callbacksLog(subscriptionId))) {
    if (!entry.requestDetails?.body?.includes(applicationId)) continue;
    entries.push({ status: entry.status ?? '', body: entry.requestDetails.body, headers: entry.requestDetails.headers as Record<string, string> });
  }
  return entries;
}

/** A test's faults around every append: `before` may hold it back or throw, `after` runs once it landed. */
export interface AppendFaults {
  before?: (stream: string, ids: string[]) => void | Promise<void>;
  after?: (stream: string, ids: string[]) => void;
}

/** `store` with `faults` (read at each append, so a test sets and clears them as it goes) around `append`. */
export function withAppendFaults(store: EventStore, faults: AppendFaults): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') {
        return async (stream: string, events: { id: string }[], options: unknown) => {
          const ids = events.map((e) => e.id);
          await faults.before?.(stream, ids);
          const result = await target.append(stream, events as never, options as never);
          faults.after?.(stream, ids);
          return result;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Delivers out of order: the first append to `stream` (a move's delivery) is refused with a
 * `TransientError` (503, so SR retries it) until another append to the stream has landed (the next
 * move's delivery); `heldId()` is the held observation's id. Sets `faults.before` and `faults.after`.
 */
export function holdBackFirstAppend(faults: AppendFaults, stream: string): { heldId(): string | undefined } {
  let held: string | undefined;
  let released = false;
  faults.before = (s, ids) => {
    if (s !== stream) return;
    held ??= ids[0];
    if (ids[0] === held && !released) throw new TransientError('held back for the test');
  };
  faults.after = (s, ids) => {
    if (s === stream && ids[0] !== held) released = true;
  };
  return { heldId: () => held };
}
