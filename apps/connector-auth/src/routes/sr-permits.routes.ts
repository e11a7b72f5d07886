import type { SharedRateBudget } from '@srw/http-kit';
import { srPermitExchangeRequest } from '@srw/smartrecruiters';
import { Hono } from 'hono';
import { readJsonBody, requireServiceToken } from '@srw/runtime';
import { tenantIdSchema } from '../tenant-id';

export interface SrPermitsRoutesDeps {
  /** The SR budget of every tenant, kept here, where the SR credentials are. */
  budget: Pick<SharedRateBudget, 'exchange'>;
  serviceToken: string;
}

const exchangeRequest = srPermitExchangeRequest.extend({ tenant: tenantIdSchema });

/**
 * `POST /internal/sr-permits`: the tenant's SR budget (10 calls a second, 8 in flight, one
 * `GET /candidates` at a time) shared by every process that calls SR for it. One exchange hands
 * permits back, renews held ones and asks for new ones; the answer waits up to `waitMs` for one.
 */
export function srPermitsRoutes(deps: SrPermitsRoutesDeps): Hono {
  const app = new Hono();
  app.post('/sr-permits', requireServiceToken(deps.serviceToken, 'connector-auth'), async (c) => {
    const { tenant, ...request } = await readJsonBody(c, exchangeRequest);
    const answer = await deps.budget.exchange({ key: tenant, ...request });
    c.header('cache-control', 'no-store');
    return c.json(answer);
  });
  return app;
}
