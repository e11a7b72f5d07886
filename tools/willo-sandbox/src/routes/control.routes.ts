import { Hono } from 'hono';
import type { FaultPlan } from '../http/faults';
import type { WilloSandboxControl } from '../sandbox-control';

/**
 * The control surface over HTTP, for the standalone server and the embedded demo (no auth: a sandbox
 * only). Tests use the in-process {@link WilloSandboxControl} instead.
 */
export function controlRoutes(control: WilloSandboxControl) {
  const app = new Hono({ strict: false });
  app.post('/participants/:key/complete', (c) => {
    try {
      return c.json(control.completeInterview(c.req.param('key')));
    } catch (error) {
      return c.json({ detail: error instanceof Error ? error.message : String(error) }, 404);
    }
  });
  app.get('/invitations', (c) => c.json({ results: control.invitations() }));
  app.get('/deliveries', (c) => c.json({ results: control.deliveries() }));
  app.get('/requests', (c) => c.json({ results: control.requests() }));
  app.post('/faults', async (c) => c.json({ id: control.injectFault((await c.req.json()) as FaultPlan) }, 201));
  app.delete('/faults', (c) => {
    control.clearFaults();
    return c.body(null, 204);
  });
  app.post('/rate-limits', async (c) => {
    control.setRateLimits((await c.req.json()) as Record<string, number>);
    return c.body(null, 204);
  });
  return app;
}
