import { ConflictError } from '@srw/errors';
import type { SubApp } from '@srw/runtime';
import { Hono } from 'hono';

/** The tenant and admin the all-in-one demo connects: the SR sandbox has one account. */
export const demoTenant = 'demo';
export const demoAdmin = 'demo-admin';

export interface DemoEnableDeps {
  /** connector-auth's `/integrations` sub-app. */
  integrations: SubApp;
  serviceToken: string;
  /** Undefined when SR's redirect URI could not be registered (`PORT=0` without `PUBLIC_BASE_URL`). */
  publicBaseUrl: string | undefined;
}

/**
 * `GET /demo/enable`: the Enable button of the demo, in place of config-api (not built yet), which
 * verifies the admin and then calls connector-auth's connect with the service token. Here the admin
 * is the demo's, so the browser's request is passed on in-process with the token added, and
 * connector-auth's answer (302 to SR's consent page) goes back as it is. It connects the demo tenant
 * only, to the in-process SR sandbox only: it never lets a browser choose a tenant.
 */
export function demoEnableRoutes(deps: DemoEnableDeps): Hono {
  // Errors go on up to the service's one problem+json handler instead of the sub-app's plain 500.
  const connector = new Hono().route('/', deps.integrations);
  connector.onError((error) => {
    throw error;
  });
  const app = new Hono();
  app.get('/enable', async () => {
    if (!deps.publicBaseUrl) {
      throw new ConflictError('The OAuth callback address is unknown (PORT=0): set PORT to a fixed port or PUBLIC_BASE_URL, and start again.');
    }
    return connector.request(`/${demoTenant}/connect?userId=${demoAdmin}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deps.serviceToken}` },
    });
  });
  return app;
}
