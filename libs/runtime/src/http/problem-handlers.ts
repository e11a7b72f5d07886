import type { Logger } from '@srw/observability';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { problemFor, problemResponse, statusTitle } from './problem-details';
import { activeTraceId } from './request-tracing';

/**
 * The service's one error handler: every error a route throws becomes problem+json. A fault of ours
 * is logged with the trace id the answer names; a refused request is not an error of the service.
 */
export function problemOnError(logger: Logger): ErrorHandler {
  return (error, c) => {
    const traceId = activeTraceId();
    const { problem, headers, ours } = problemFor(error, c.req.path, traceId);
    if (ours) {
      logger.error('request failed', {
        method: c.req.method,
        path: c.req.path,
        status: problem.status,
        error,
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    return problemResponse(problem, headers);
  };
}

export const problemNotFound: NotFoundHandler = (c) =>
  problemResponse({
    type: 'about:blank',
    title: statusTitle(404),
    status: 404,
    detail: `No route for ${c.req.method} ${c.req.path}`,
    instance: c.req.path,
  });
