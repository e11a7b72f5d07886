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
