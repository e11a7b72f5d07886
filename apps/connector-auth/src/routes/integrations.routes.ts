import { planSchema } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { parseWith } from '@srw/errors';
import type { Logger } from '@srw/observability';
import type { OAuthStateSigner, TokenVault } from '@srw/vault';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AccessTokenSources } from '../access-token-sources';
import { commandMetadata, readIntegration, runIntegrationCommand } from '../integration-commands';
import type { Clock, SrAuthorization } from '../ports';
import { readJsonBody, requireServiceToken } from '@srw/runtime';
import { tenantParam } from '../tenant-id';

export interface IntegrationsRoutesDeps {
  eventStore: EventStore;
  vault: TokenVault;
  states: OAuthStateSigner;
  sr: Pick<SrAuthorization, 'authorizationUrl'>;
  sources: AccessTokenSources;
  serviceToken: string;
  clock: Clock;
  logger: Logger;
}

const userId = z.string().min(1).max(200);
const connectQuery = z.object({ userId, plan: planSchema.optional() });
const disconnectBody = z.object({ userId, reason: z.string().max(500).optional() });

/**
 * `/integrations/:tenant/connect` (302), `/authorization-url` (the same URL as JSON) and `/disconnect`. Both are called by config-api, which has
 * verified the admin (ARCHITECTURE §9): they need the service token, or anyone could connect their
 * own SR account to another tenant, or switch a tenant off.
 */
export function integrationsRoutes(deps: IntegrationsRoutesDeps): Hono {
  const { eventStore, clock, logger } = deps;
  const app = new Hono();
  app.use('*', requireServiceToken(deps.serviceToken, 'connector-auth'));

  /** Records the enable request and builds SR's consent-page URL, with a signed, single-use state bound to tenant and user. */
  const startEnable = async (c: Context): Promise<string> => {
    const tenant = tenantParam(c.req.param('tenant'));
    const query = parseWith(connectQuery, c.req.query(), 'query');
    const integration = await readIntegration(eventStore, tenant);
    // Enabling again keeps the tenant's plan unless the caller names one.
    const plan = query.plan ?? integration.plan ?? 'launch';
    const state = deps.states.issue({ tenant, userId: query.userId }, clock.now());
    await runIntegrationCommand(eventStore, {
      type: 'RequestEnable',
      data: { requestedBy: query.userId, plan },
      metadata: commandMetadata(tenant, clock),
    });
    logger.info('enable requested: the admin is sent to SmartRecruiters', { tenantId: tenant, userId: query.userId, plan });
    return deps.sr.authorizationUrl(state);
  };
  /** Answers 302 to SR's consent page (a browser following a link). */
  const connect = async (c: Context) => c.redirect(await startEnable(c), 302);
  app.get('/:tenant/connect', connect);
  app.post('/:tenant/connect', connect);
  /** The same, answered as JSON `{ authorizationUrl }`: config-api hands the URL to the Willo frontend, which navigates there. */
  app.post('/:tenant/authorization-url', async (c) => c.json({ authorizationUrl: await startEnable(c) }));

  /** Forgets the tokens first, so that nothing can call SR for the tenant once the event says it stopped. */
  app.post('/:tenant/disconnect', async (c) => {
    const tenant = tenantParam(c.req.param('tenant'));
    const body = await readJsonBody(c, disconnectBody);
    const deleted = await deps.vault.delete(tenant);
    deps.sources.forget(tenant);
    await runIntegrationCommand(eventStore, {
      type: 'Disconnect',
      data: { disconnectedBy: body.userId, ...(body.reason ? { reason: body.reason } : {}) },
      metadata: commandMetadata(tenant, clock),
    });
    logger.info('integration disconnected', { tenantId: tenant, userId: body.userId, grantDeleted: deleted });
    return c.json({ tenant, status: 'disconnected' });
  });

  return app;
}
