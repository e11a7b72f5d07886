import { AppError, AuthorizationLostError, parseWith, TransientError } from '@srw/errors';
import type { z } from 'zod';
import { backoffDelay, errorBodyOf, inClientSpan, parseJsonBody, type RateLimiter, retryAfterMs } from '@srw/http-kit';
import { ATTR_CREDENTIAL_ID, srwMetrics } from '@srw/observability';
import type { AccessTokenSource } from '../oauth/access-tokens';
import { type RetryPolicy, type SrApi, srApiBasePaths, type SrSettings } from '../sr-settings';
import { srError } from './error-mapping';
import type { Lane } from './rate-limiter';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface SrRequest<S extends z.ZodType | undefined> {
  api: SrApi;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the API's base path, ids already encoded. */
  path: string;
  /** `path` as a template when it holds ids (`/candidates/{candidateId}`): names the call's spans. Defaults to `path`. */
  route?: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Schema of a successful body; undefined for 204 answers. */
  schema: S;
  lane?: Lane;
  /**
   * Statuses that, answering a repeat after an attempt with an unknown outcome (5xx, timeout),
   * mean the earlier attempt did the work: 404 for a DELETE, 409 for an activation. Only for
   * requests without a response schema.
   */
  doneIfRepeatAnswers?: readonly number[];
  /**
   * Stops the call: once aborted, nothing more is sent (not even a retry, nor a request waiting for
   * the rate limiter), a request in flight is cancelled, and the call throws the signal's reason.
   */
  signal?: AbortSignal;
}

/** A request's own options besides what it asks: how the caller can stop it. */
export interface SrCallOptions {
  signal?: AbortSignal;
}

export interface SrResponse<T> {
  data: T;
  headers: Headers;
}

export interface SrHttpDeps {
  baseUrl: string;
  /** The credential the calls spend (`tenant:<id>`): an attribute of their spans and metrics. */
  credentialId?: string;
  auth: AccessTokenSource;
  limiter: RateLimiter;
  retry: RetryPolicy;
  settings: SrSettings;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * One SR call: admission by the credential's limiter, bearer token (one refresh and retry on 401),
 * retries of 429 and 5xx with capped backoff and jitter, and zod validation of the answer.
 */
export class SrHttp {
  constructor(private readonly deps: SrHttpDeps) {}

  async send<S extends z.ZodType | undefined>(request: SrRequest<S>): Promise<SrResponse<S extends z.ZodType ? z.output<S> : undefined>> {
    const { deps } = this;
    const url = this.url(request);
    const subject = `SR ${request.method} ${srApiBasePaths[request.api]}${request.path}`;
    // SR offers no idempotency key: a POST that may have happened is not repeated blindly.
    const idempotent = request.method !== 'POST' || deps.settings.retryNonIdempotentOn5xx;
    let retries = 0;
    let refreshed = false;
    /** An earlier attempt may have reached SR and been carried out (5xx or a lost answer). */
    let mayHaveHappened = false;
    const { signal } = request;
    const credential = deps.credentialId ? { [ATTR_CREDENTIAL_ID]: deps.credentialId } : {};
    const call = { peer: 'smartrecruiters', method: request.method, route: `${srApiBasePaths[request.api]}${request.route ?? request.path}`, url: new URL(url), attributes: credential };
    let attempt = 0;
    const countCall = (status: number) => {
      const metrics = srwMetrics();
      metrics.srCalls.add(1, { ...credential, 'http.response.status_code': status });
      if (status === 429) metrics.srThrottled.add(1, credential);
    };
    for (;;) {
      signal?.throwIfAborted();
      let outcome: { status: number; headers: Headers; text: string; token: string };
      let sent = false;
      try {
        // Given up on while it waits for the budget: the call ends now; admitted later, the task sends nothing.
        outcome = await unlessAborted(signal, deps.limiter.schedule(async () => {
          // Admitted after waiting for the budget: a caller that gave up meanwhile sends nothing.
          signal?.throwIfAborted();
          const token = await deps.auth.accessToken();
          signal?.throwIfAborted();
          sent = true;
          const answer = await inClientSpan({ ...call, resendCount: attempt++ }, async (traceHeaders) => {
            const response = await deps.fetch(url, {
              method: request.method,
              headers: {
                ...traceHeaders,
                authorization: `Bearer ${token}`,
                accept: 'application/json',
                ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
              signal: signal ? AbortSignal.any([AbortSignal.timeout(deps.settings.requestTimeoutMs), signal]) : AbortSignal.timeout(deps.settings.requestTimeoutMs),
            });
            // The body is read inside the slot: the request is in flight at SR until it is consumed.
            return { status: response.status, headers: response.headers, text: await response.text(), token };
          });
          deps.limiter.observe(answer.headers);
          countCall(answer.status);
          return answer;
        }, request.lane ?? 'default'));
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof AppError) {
          // The token source failed (e.g. the token endpoint answered 5xx): nothing was sent to SR,
          // so any method may try again when the failure may pass. A lost grant is final.
          if (sent || !error.retryable || retries + 1 >= deps.retry.maxAttempts) throw error;
        } else {
          const transient = new TransientError(`${subject} failed: ${String(error)}`, { cause: error });
          if ((sent && !idempotent) || retries + 1 >= deps.retry.maxAttempts) throw transient;
          mayHaveHappened ||= sent;
        }
        await unlessAborted(signal, deps.sleep(backoffDelay(retries++, deps.retry, deps.random)));
        continue;
      }

      if (mayHaveHappened && request.schema === undefined && request.doneIfRepeatAnswers?.includes(outcome.status)) {
        return { data: undefined, headers: outcome.headers } as SrResponse<S extends z.ZodType ? z.output<S> : undefined>;
      }
      if (outcome.status >= 200 && outcome.status < 300) {
        const data =
          request.schema === undefined
            ? undefined
            : parseWith(request.schema, parseJsonBody(outcome.text, subject, outcome.status), `${subject} response`);
        return { data, headers: outcome.headers } as SrResponse<S extends z.ZodType ? z.output<S> : undefined>;
      }
      if (outcome.status === 401 && !refreshed) {
        // The token may have been revoked or expired early: refresh once, then give up.
        refreshed = true;
        deps.auth.rejected(outcome.token);
        continue;
      }
      const hint = retryAfterMs(outcome.headers.get('retry-after'), { maxMs: deps.settings.maxRetryAfterMs });
      const error = srError(outcome.status, errorBodyOf(outcome.text), subject, hint);
      if (error instanceof AuthorizationLostError) throw error;
      const retryable = error.retryable && (idempotent || outcome.status === 429);
      if (!retryable || retries + 1 >= deps.retry.maxAttempts) throw error;
      // A Retry-After (SR documents none; capped by maxRetryAfterMs) is a floor under the backoff,
      // never a replacement: `Retry-After: 0` must not turn a 429 storm into a burst of immediate retries.
      const delay = backoffDelay(retries++, deps.retry, deps.random, hint);
      if (outcome.status !== 429) mayHaveHappened = true;
      // A 429 means the credential's budget is spent for everyone in this process, not just this call.
      if (outcome.status === 429) deps.limiter.pause(delay);
      await unlessAborted(signal, deps.sleep(delay));
    }
  }

  private url(request: SrRequest<z.ZodType | undefined>): string {
    const url = new URL(`${this.deps.baseUrl.replace(/\/$/, '')}${srApiBasePaths[request.api]}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(name, v);
      else url.searchParams.set(name, String(value));
    }
    return url.toString();
  }
}

/**
 * `waiting`, or the signal's reason as soon as it aborts: a call whose caller gave up does not wait
 * out its backoff or its turn at the rate limiter (a stopping replica, a lost lease).
 */
function unlessAborted<T>(signal: AbortSignal | undefined, waiting: Promise<T>): Promise<T> {
  if (!signal) return waiting;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    waiting.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
