import type { Caller, CallerEnv } from '@srw/http-api';
import type { Context } from 'hono';

export type { Caller };

/** The Hono env of every config-api route: `authenticateJwt` (`@srw/http-api`) sets `caller`. */
export type ConfigApiEnv = CallerEnv;

/**
 * The caller set by `authenticate`. A route reached without it is a wiring fault of ours (the
 * middleware was not mounted), never the request's: it fails loudly rather than serve a tenant-less query.
 */
export function callerOf(c: Context<ConfigApiEnv>): Caller {
  const caller = c.get('caller');
  if (!caller || typeof caller.tenantId !== 'string' || typeof caller.userId !== 'string') {
    throw new Error('config-api: no authenticated caller on the request; authenticate must run before the routes');
  }
  return caller;
}
