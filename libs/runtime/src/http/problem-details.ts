import { AppError, RateLimitedError, ValidationError, type FieldIssue } from '@srw/errors';
import { HTTPException } from 'hono/http-exception';

export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem. `type` is a URN of ours (`urn:srw:problem:<kind>`), stable for clients to
 * branch on; it names no web page, so none is ever fetched. `about:blank` where the status says it all.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path the problem occurred on. */
  instance?: string;
  /** The offending fields of a 400. */
  errors?: FieldIssue[];
  /** Where the trace of a 500 can be found: the log line carries the same id. */
  traceId?: string;
  [extension: string]: unknown;
}

export interface ProblemAnswer {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** True when the cause is a fault of ours (a 5xx worth an error log), not of the request. */
  ours: boolean;
}

const problemType = (kind: string) => `urn:srw:problem:${kind}`;

const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const statusTitle = (status: number) => statusTitles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/** Status and problem type per error code of `@srw/errors`. */
const byCode: Record<string, { status: number; kind: string }> = {
  VALIDATION: { status: 400, kind: 'validation' },
  FORBIDDEN: { status: 403, kind: 'forbidden' },
  NOT_FOUND: { status: 404, kind: 'not-found' },
  CONFLICT: { status: 409, kind: 'conflict' },
  CONCURRENCY: { status: 409, kind: 'concurrency' },
  PRECONDITION_FAILED: { status: 412, kind: 'precondition-failed' },
  PRECONDITION_REQUIRED: { status: 428, kind: 'precondition-required' },
  // The SR grant is gone: the request was fine, the integration's state refuses it until someone reconnects.
  AUTHORIZATION_LOST: { status: 409, kind: 'authorization-lost' },
  RATE_LIMITED: { status: 429, kind: 'rate-limited' },
  UPSTREAM: { status: 502, kind: 'upstream' },
  TRANSIENT: { status: 503, kind: 'unavailable' },
};

/**
 * The one mapping from a thrown error to an HTTP answer. Our errors keep their message (they are
 * written for callers); anything else is a 500 whose detail reveals nothing but the trace id.
 */
export function problemFor(error: unknown, instance: string, traceId: string | undefined): ProblemAnswer {
  if (error instanceof AppError && byCode[error.code]) {
    const { status, kind } = byCode[error.code]!;
    const problem: ProblemDetails = { type: problemType(kind), title: statusTitle(status), status, detail: error.message, instance };
    if (error instanceof ValidationError) problem.errors = error.issues;
    const headers: Record<string, string> = {};
    if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    }
    return { problem, headers, ours: status >= 500 };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    return {
      problem: { type: 'about:blank', title: statusTitle(status), status, detail: error.message || statusTitle(status), instance },
      headers: headersOf(error),
      ours: status >= 500,
    };
  }
  return {
    problem: {
      type: 'about:blank',
      title: statusTitle(500),
      status: 500,
      detail: traceId ? `An unexpected error occurred; it is logged with trace id ${traceId}.` : 'An unexpected error occurred.',
      instance,
      ...(traceId ? { traceId } : {}),
    },
    headers: {},
    ours: true,
  };
}

/**
 * The headers an `HTTPException` carries in its response (a 401's `WWW-Authenticate`, a 405's
 * `Allow`): they are part of the answer; only its body is replaced by the problem.
 */
function headersOf(error: HTTPException): Record<string, string> {
  const headers: Record<string, string> = {};
  error.res?.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
  });
  return headers;
}

export function problemResponse(problem: ProblemDetails, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': problemContentType, ...headers },
  });
}
