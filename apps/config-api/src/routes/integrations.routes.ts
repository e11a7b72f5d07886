import { createRoute, z } from '@hono/zod-openapi';
import {
  acceptedSchema,
  changePlanRequestSchema,
  disconnectIntegrationRequestSchema,
  enableIntegrationRequestSchema,
  enableIntegrationResponseSchema,
  integrationIdSchema,
  integrationListSchema,
  integrationSchema,
  pageQuerySchema,
  streams,
  syncRequestSchema,
  syncRunPageSchema,
  type IntegrationBody,
} from '@srw/contracts';
import { DomainRuleViolation, integrationDecider, type IntegrationCommand } from '@srw/domain';
import { ConflictError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import type { IntegrationView, ReadModels } from '@srw/projections';
import type { WilloCredentialsStore } from '@srw/vault';
import { handleCommand } from '@srw/runtime';
import { callerOf } from '../caller';
import { checked, jsonContent, pageBody, problemsOf, requestMetadata, resourceApp } from '../http';
import type { Clock, ConnectorAuthPort } from '../ports';

export interface IntegrationsRoutesDeps {
  eventStore: EventStore;
  readModels: () => Promise<ReadModels>;
  connectorAuth: ConnectorAuthPort;
  clock: Clock;
  /** Where the tenants' own Willo keys are; absent without a vault key ring (no tenant has one then). */
  willoCredentials?: WilloCredentialsStore | undefined;
  /** True where the Willo apps have a fallback organisation (`WILLO_API_KEY`) for tenants without their own. */
  willoFallback: boolean;
}

const tags = ['Integrations'];
const security = [{ bearer: [] }];
const params = z.object({ integrationId: integrationIdSchema });
const optionalBody = <S extends z.ZodType>(schema: S) => ({ ...jsonContent(schema), required: false });

/** The read model's view as the frontend sees it; a tenant never enabled reads as `disabled`. */
function integrationBody(view: IntegrationView | undefined, willoCredentials: IntegrationBody['willoCredentials']): IntegrationBody {
  return {
    id: 'smartrecruiters',
    status: view?.status ?? 'disabled',
    error: view?.error ?? null,
    plan: view?.plan ?? null,
    intervalSecondsOverride: view?.intervalSecondsOverride ?? null,
    intervalSeconds: view?.intervalSeconds ?? null,
    sync: view?.sync ? { runId: view.sync.runId, kind: view.sync.kind, startedAt: view.sync.startedAt, done: view.sync.done, total: view.sync.total } : null,
    lastSync: view?.lastSync ?? null,
    nextSyncAt: view?.nextSyncAt ?? null,
    syncRequestedAt: view?.syncRequestedAt ?? null,
    willoCredentials,
  };
}

const listIntegrations = createRoute({
  method: 'get',
  path: '/integrations',
  tags,
  security,
  summary: 'The integrations with their status',
  responses: { 200: { description: 'Every integration of the tenant', ...jsonContent(integrationListSchema) }, ...problemsOf() },
});
const getIntegration = createRoute({
  method: 'get',
  path: '/integrations/{integrationId}',
  tags,
  security,
  summary: 'One integration: status (with sync progress or the error and what to do), plan, interval, last and next sync',
  request: { params },
  responses: { 200: { description: 'The integration', ...jsonContent(integrationSchema) }, ...problemsOf(404) },
});
const enable = createRoute({
  method: 'post',
  path: '/integrations/{integrationId}/enable',
  tags,
  security,
  summary: 'Starts enabling: answers the SmartRecruiters consent page to send the admin to',
  request: { params, body: optionalBody(enableIntegrationRequestSchema) },
  responses: { 200: { description: 'Where to send the admin', ...jsonContent(enableIntegrationResponseSchema) }, ...problemsOf(404, 409, 413, 502) },
});
const disconnect = createRoute({
  method: 'post',
  path: '/integrations/{integrationId}/disconnect',
  tags,
  security,
  summary: 'Disconnects: the SR tokens are deleted and syncing stops',
  request: { params, body: optionalBody(disconnectIntegrationRequestSchema) },
  responses: { 202: { description: 'Disconnected', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409, 413, 502) },
});
const changePlan = createRoute({
  method: 'put',
  path: '/integrations/{integrationId}/plan',
  tags,
  security,
  summary: 'Changes the plan and the sync interval override',
  request: { params, body: { ...jsonContent(changePlanRequestSchema), required: true } },
  responses: { 202: { description: 'Recorded', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409, 413) },
});
const syncNow = createRoute({
  method: 'post',
  path: '/integrations/{integrationId}/sync',
  tags,
  security,
  summary: 'Sync now',
  request: { params, body: optionalBody(syncRequestSchema) },
  responses: { 202: { description: 'Requested', ...jsonContent(acceptedSchema) }, ...problemsOf(404, 409, 413) },
});
const listSyncRuns = createRoute({
  method: 'get',
  path: '/integrations/{integrationId}/sync-runs',
  tags,
  security,
  summary: 'Recent sync runs, most recent first',
  request: { params, query: pageQuerySchema },
  responses: { 200: { description: 'A page of runs', ...jsonContent(syncRunPageSchema) }, ...problemsOf(404) },
});

/** An optional JSON body: absent (no content type) reads as `{}`; present, it is validated as declared. */
async function bodyOr<S extends z.ZodType>(c: { req: { valid(target: 'json'): unknown } }, schema: S): Promise<z.output<S>> {
  return schema.parse(c.req.valid('json') ?? {});
}

/** `/integrations`: status, enable, disconnect, plan, sync now, sync runs. */
export function integrationsRoutes({ eventStore, readModels, connectorAuth, clock, willoCredentials, willoFallback }: IntegrationsRoutesDeps) {
  const runCommand = async (command: IntegrationCommand) => {
    try {
      await handleCommand(eventStore, streams.integration(command.metadata.tenantId), integrationDecider, command);
    } catch (error) {
      if (error instanceof DomainRuleViolation) throw new ConflictError(error.message, { cause: error });
      throw error;
    }
  };
  const viewOf = async (tenantId: string) => (await (await readModels()).collections.integrations.get(tenantId, tenantId))?.data;
  // The key's metadata only: the key itself is never opened to answer a status.
  const willoCredentialsOf = async (tenantId: string): Promise<IntegrationBody['willoCredentials']> => {
    if (willoCredentials && (await willoCredentials.metadataOf(tenantId))) return 'tenant';
    return willoFallback ? 'deployment' : 'missing';
  };
  const bodyOf = async (tenantId: string) => integrationBody(await viewOf(tenantId), await willoCredentialsOf(tenantId));

  return resourceApp()
    .openapi(listIntegrations, async (c) => {
      const { tenantId } = callerOf(c);
      return c.json(checked(integrationListSchema, { items: [await bodyOf(tenantId)] }), 200);
    })
    .openapi(getIntegration, async (c) => {
      const { tenantId } = callerOf(c);
      return c.json(checked(integrationSchema, await bodyOf(tenantId)), 200);
    })
    .openapi(enable, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { plan } = await bodyOr(c, enableIntegrationRequestSchema);
      const authorizationUrl = await connectorAuth.authorizationUrl({ tenantId, userId, ...(plan ? { plan } : {}) });
      return c.json(checked(enableIntegrationResponseSchema, { authorizationUrl }), 200);
    })
    .openapi(disconnect, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { reason } = await bodyOr(c, disconnectIntegrationRequestSchema);
      await connectorAuth.disconnect({ tenantId, userId, ...(reason ? { reason } : {}) });
      return c.json(checked(acceptedSchema, { accepted: true }), 202);
    })
    .openapi(changePlan, async (c) => {
      const { tenantId } = callerOf(c);
      const { plan, intervalSecondsOverride } = c.req.valid('json');
      await runCommand({
        type: 'ChangePlan',
        data: { plan, ...(intervalSecondsOverride === null ? {} : { intervalSecondsOverride }) },
        metadata: requestMetadata(c, tenantId, clock),
      });
      return c.json(checked(acceptedSchema, { accepted: true }), 202);
    })
    .openapi(syncNow, async (c) => {
      const { tenantId, userId } = callerOf(c);
      const { kind } = await bodyOr(c, syncRequestSchema);
      await runCommand({ type: 'RequestSync', data: { kind: kind ?? 'incremental', requestedBy: userId }, metadata: requestMetadata(c, tenantId, clock) });
      return c.json(checked(acceptedSchema, { accepted: true }), 202);
    })
    .openapi(listSyncRuns, async (c) => {
      const { tenantId } = callerOf(c);
      const { limit, cursor } = c.req.valid('query');
      const page = await (await readModels()).collections.syncRuns.find(tenantId, {
        sort: { field: 'startedAt', direction: 'desc' },
        limit,
        ...(cursor ? { cursor } : {}),
      });
      return c.json(checked(syncRunPageSchema, pageBody(page)), 200);
    });
}
