import { Hono } from 'hono';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';

/** `GET /configuration/hiring-processes` (configuration.hiring-process.all), one by id, and the rejection and withdrawal reasons. */
export function configurationRoutes(deps: SandboxDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/configuration/hiring-processes', requireScopes(['configuration_read']), (c) => {
    const content = deps.tenant().hiringProcesses;
    return c.json({ totalFound: content.length, content });
  });
  app.get('/configuration/hiring-processes/:id', requireScopes(['configuration_read']), (c) => {
    const process = deps.tenant().hiringProcesses.find((p) => p.id === c.req.param('id'));
    if (!process) return srError(c, 404, 'HIRING_PROCESS_NOT_FOUND', `Hiring process ${c.req.param('id')} not found`);
    return c.json(process);
  });
  // Spec `Properties`: the ids a REJECTED or WITHDRAWN status update may name as its `reason`.
  app.get('/configuration/rejection-reasons', requireScopes(['configuration_read']), (c) => {
    const content = deps.tenant().rejectionReasons;
    return c.json({ totalFound: content.length, content });
  });
  app.get('/configuration/withdrawal-reasons', requireScopes(['configuration_read']), (c) => {
    const content = deps.tenant().withdrawalReasons;
    return c.json({ totalFound: content.length, content });
  });
  return app;
}
