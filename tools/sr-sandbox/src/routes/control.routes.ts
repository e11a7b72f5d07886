import { Hono } from 'hono';
import { errorBody } from '../http/error-body';
import type { SrSandboxControl } from '../sandbox-control';
import type { ApplicationStatus } from '../state/tenant';

/**
 * The control API over HTTP (`/_control/*`) for demos against a standalone sandbox. It is not part
 * of SR and needs no token: never expose a sandbox beyond a developer machine or CI.
 */
export function controlRoutes(control: SrSandboxControl): Hono {
  const app = new Hono();
  const body = async (c: { req: { json(): Promise<unknown> } }) => ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;

  app.post('/_control/seed', async (c) => {
    const options = await body(c);
    const started = performance.now();
    const tenant = control.seed(options);
    return c.json({ jobs: tenant.jobs.size, candidates: tenant.candidates.size, ms: Math.round(performance.now() - started) });
  });
  app.post('/_control/move', async (c) => {
    const b = await body(c);
    const result = control.moveCandidate({
      candidateId: String(b['candidateId']),
      jobId: String(b['jobId']),
      status: String(b['status']) as ApplicationStatus,
      ...(typeof b['subStatus'] === 'string' ? { subStatus: b['subStatus'] } : {}),
      ...(typeof b['reason'] === 'string' ? { reason: b['reason'] } : {}),
    });
    return result.ok ? c.json({ status: result.application.status, subStatus: result.application.subStatus ?? null }) : c.json(result, result.status);
  });
  app.post('/_control/grants', async (c) => {
    const b = await body(c);
    try {
      return c.json(control.issueGrant(Array.isArray(b['scopes']) ? (b['scopes'] as string[]) : undefined));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return c.json(errorBody('INVALID_PARAMETER', error.message), 400);
    }
  });
  app.post('/_control/revoke', async (c) => c.json({ revoked: control.revokeGrants((await body(c))['grantId'] as string | undefined) }));
  app.post('/_control/faults', async (c) => {
    control.injectFaults(await body(c));
    return c.json({ ok: true });
  });
  app.post('/_control/clock', async (c) => {
    control.advanceClock(Number((await body(c))['advanceMs'] ?? 0));
    return c.json({ now: new Date(control.clock.now()).toISOString() });
  });
  app.get('/_control/stats', (c) => c.json({ ...control.stats(), jobs: control.tenant().jobs.size, candidates: control.tenant().candidates.size, injectedFaults: control.injectedFaults() }));
  return app;
}
