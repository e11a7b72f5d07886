import type { Context } from 'hono';

/** Who is calling, from the verified token of the Willo frontend: the only source of the tenant. */
export interface Caller {
  tenantId: string;
  userId: string;
}

/** The Hono env of every config-api route: the injected `authenticate` middleware sets `caller`. */
export interface ConfigApiEnv {
  Variables: { caller: Caller };
}

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
