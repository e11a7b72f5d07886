import {
  isRetryable,
  NotFoundError,
  ValidationError,
  parseWith,
  RateLimitedError,
  TransientError,
  UpstreamError,
} from '@srw/errors';
import { backoffDelay, errorBodyOf, inClientSpan, parseJsonBody, type RateLimiter, retryAfterMs } from '@srw/http-kit';
import type { z } from 'zod';
import type { Clock } from './clock';
import { willoError } from './willo-errors';
import { paging, type WilloAuthScheme, type WilloRetrySettings } from './willo-settings';
import { pageWire } from './willo-wire';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WilloHttpOptions {
  baseUrl: string;
  apiKey: string;
  authScheme: WilloAuthScheme;
  fetch: typeof fetch;
  rateLimiter: RateLimiter;
  clock: Clock;
  random: () => number;
  retry: WilloRetrySettings;
}

export interface WilloRequest<S extends z.ZodType | undefined> {
  method: Method;
  /** Below the base URL, with its trailing slash: `/participants/abc/`. */
  path: string;
  /** Names the call in errors with the path template, never with ids or emails: `GET /participants/{key}/`. */
  call: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Validates the 2xx body; undefined for answers without one (204). */
  schema: S;
  /** An absolute URL to use instead of `path` (a `next` link). */
  url?: string;
  /**
   * For DELETE: a 404 on a repeat means an earlier attempt did delete (its answer was lost), so the
   * repeat counts as success.
   */
  notFoundOnRepeatIsDone?: boolean;
}

/**
 * A resource key as one path segment. `encodeURIComponent` leaves `.` and `..` alone, and URL
 * resolution would turn `/webhooks/../` into another resource (`DELETE /` of the API root), so those,
 * and the empty key that names the list, are refused before any call.
 */
export function keySegment(key: string, what: string): string {
  if (key === '' || key === '.' || key === '..') {
    throw new ValidationError(`Willo ${what} key`, [{ path: '', message: 'must be a non-empty key other than . or ..' }]);
  }
  return encodeURIComponent(key);
}

/**
 * Failures that got no answer from Willo itself (timeout, reset, body cut short, a gateway's 504): the
 * call may still be running there.
 */
const unanswered = new WeakSet<Error>();
export const isUnanswered = (error: unknown): boolean => error instanceof Error && unanswered.has(error);

const idempotentMethods = new Set<Method>(['GET', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every call to Willo goes through here: the key, the rate limiter, a timeout, retries (throttled calls
 * always; 5xx/network failures only for idempotent methods) and zod validation of the answer.
 */
export class WilloHttp {
  constructor(private readonly options: WilloHttpOptions) {}

  async request<S extends z.ZodType | undefined>(
    request: WilloRequest<S>,
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    const { retry, clock, random } = this.options;
    let throttled = 0;
    let failed = 0;
    for (;;) {
      try {
        return await this.once(request, throttled + failed);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          const hintMs = error.retryAfterMs ?? 0;
          if (throttled >= retry.throttledRetries || hintMs > retry.maxThrottleWaitMs) throw error;
          await clock.sleep(backoffDelay(throttled++, retry, random, hintMs));
          continue;
        }
        if (request.notFoundOnRepeatIsDone && failed > 0 && error instanceof NotFoundError) return undefined as never;
        if (idempotentMethods.has(request.method) && isRetryable(error) && failed < retry.transientRetries) {
          await clock.sleep(backoffDelay(failed++, retry, random));
          continue;
        }
        throw error;
      }
    }
  }

  /** All items of a list, following `next` links (same origin only, so the key never leaks). */
  async list<T extends z.ZodType>(
    request: Omit<WilloRequest<T>, 'method' | 'schema'> & { item: T },
  ): Promise<z.output<T>[]> {
    const items: z.output<T>[] = [];
    const schema = pageWire(request.item);
    const base = new URL(this.options.baseUrl);
    let url: string | undefined;
    const visited = new Set<string>();
    for (let pages = 0; pages < paging.maxPages; pages++) {
      const page = await this.request({
        ...request,
        method: 'GET',
        schema,
        ...(url === undefined ? {} : { url }),
        query: url === undefined ? { ...request.query, [paging.pageSizeParam]: String(paging.pageSize) } : undefined,
      });
      items.push(...(page.results as z.output<T>[]));
      if (!page.next) return items;
      if (new URL(page.next).origin !== base.origin) {
        throw new UpstreamError(`Willo ${request.call}: next page link leaves ${base.origin}`, 200, page.next);
      }
      // A `next` that leads back would otherwise spend `maxPages` calls of the organisation's quota.
      if (visited.has(page.next)) {
        throw new UpstreamError(`Willo ${request.call}: next page link repeats an earlier page`, 200, page.next);
      }
      visited.add(page.next);
      url = page.next;
    }
    throw new UpstreamError(`Willo ${request.call}: more than ${paging.maxPages} pages`, 200);
  }

  private async once<S extends z.ZodType | undefined>(
    request: WilloRequest<S>,
    resendCount: number,
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    const url = new URL(request.url ?? this.options.baseUrl + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const { apiKey, authScheme } = this.options;
    // The whole exchange runs in the limiter's slot: Willo counts the call until its answer is read.
    // A spent daily quota rejects here with a RateLimitedError, before anything is sent.
    // The call's template names its span: `POST /participants/` (the `call` names it the same way in errors).
    const route = request.call.slice(request.call.indexOf(' ') + 1);
    const { response, text } = await this.options.rateLimiter.schedule(async () => {
      try {
        return await inClientSpan({ peer: 'willo', method: request.method, route, url, resendCount }, async (traceHeaders) => {
          const response = await this.options.fetch(url, {
            method: request.method,
            headers: {
              ...traceHeaders,
              authorization: authScheme === 'raw' ? apiKey : `${authScheme} ${apiKey}`,
              accept: 'application/json',
              ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
            signal: AbortSignal.timeout(this.options.retry.requestTimeoutMs),
          });
          // Inside the try: the timeout or a reset can also cut the body short.
          return { status: response.status, response, text: await response.text() };
        });
      } catch (error) {
        const failure = new TransientError(`Willo ${request.call}: ${describe(error)}`, { cause: error });
        unanswered.add(failure);
        throw failure;
      }
    });
    if (!response.ok) {
      const failure = willoError(
        request.call,
        response.status,
        errorBodyOf(text),
        retryAfterMs(response.headers.get('retry-after'), { now: this.options.clock.now() }),
      );
      // A gateway timeout is a proxy's answer, not Willo's: the call may still be running behind it.
      if (response.status === 504) unanswered.add(failure);
      throw failure;
    }
    if (request.schema === undefined) return undefined as never;
    const body = parseJsonBody(text, `Willo ${request.call}`, response.status);
    return parseWith(request.schema, body, `Willo response ${request.call}`) as never;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof Error) return `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}
