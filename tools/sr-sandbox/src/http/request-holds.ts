import type { MiddlewareHandler } from 'hono';

/** What a hold matches on: the request as the log will show it. */
export interface HeldRequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
}

/**
 * A request parked by the sandbox before its handler runs: a barrier for tests that must act while
 * a client waits on SR (kill the client mid-page, say), instead of hoping a timer lands there.
 */
export interface RequestHold {
  /** Resolves with the request once one matching it is parked. */
  readonly reached: Promise<HeldRequestInfo>;
  /** Lets the parked request (and a later match, if none came yet) go on to its handler. */
  release(): void;
}

/**
 * The status logged for a parked request whose client went away before the release: the page was
 * never delivered (nginx's "client closed request"; SR itself never answers it).
 */
export const clientClosedStatus = 499;

interface PendingHold {
  match: (request: HeldRequestInfo) => boolean;
  arrived: (request: HeldRequestInfo) => void;
  released: Promise<void>;
}

/** The holds tests set, and the middleware that parks the matching requests. */
export class RequestHolds {
  private readonly pending: PendingHold[] = [];

  /** Holds the first request from now on that `match` accepts; each hold takes one request. */
  hold(match: (request: HeldRequestInfo) => boolean): RequestHold {
    let arrived!: (request: HeldRequestInfo) => void;
    let release!: () => void;
    const reached = new Promise<HeldRequestInfo>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.pending.push({ match, arrived, released });
    return { reached, release };
  }

  /**
   * Runs after auth and the rate limit, like latency: a parked request holds its concurrent slot as a
   * slow SR answer would. A client that disconnects while parked gets nothing and is logged as 499.
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.pending.length === 0) return next();
      const request = { method: c.req.method, path: c.req.path, query: new URL(c.req.url).searchParams };
      const index = this.pending.findIndex((hold) => hold.match(request));
      if (index < 0) return next();
      const [hold] = this.pending.splice(index, 1);
      hold!.arrived(request);
      const signal = c.req.raw.signal;
      const clientGone = new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      await Promise.race([hold!.released, clientGone]);
      if (signal.aborted) return c.body(null, clientClosedStatus as 200);
      return next();
    };
  }
}
