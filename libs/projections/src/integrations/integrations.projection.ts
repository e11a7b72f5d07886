import { parseStreamName, type EventMessage, type Plan } from '@srw/contracts';
import { syncIntervalFor } from '@srw/domain';
import type { ReadModelProjection } from '../projection';

/**
 * What the admin sees: `disabled` (never enabled, or disconnected), `connecting` (waiting for the
 * grant), `syncing` (a run in progress, with progress), `enabled`, `error` (the last run failed; the
 * reason says what to do) and `reauthorise` (SR withdrew the grant: a person must connect again).
 */
export type IntegrationStatusView = 'disabled' | 'connecting' | 'syncing' | 'enabled' | 'error' | 'reauthorise';

/** Whether SR access is held, apart from syncing: the status is derived from both. */
export type IntegrationConnection = 'disabled' | 'connecting' | 'connected' | 'reauthorise';

export interface IntegrationProblem {
  code: string;
  message: string;
  /** What the admin can do about it, in words a person can act on. */
  action: string;
}

export interface SyncProgress {
  runId: string;
  kind: 'initial' | 'incremental' | 'reconcile';
  startedAt: string;
  /** Items done and expected, summed over resources; `total` is null while any resource's total is unknown. */
  done: number;
  total: number | null;
  resources: Record<string, { done: number; total: number | null }>;
}

export interface IntegrationView {
  tenantId: string;
  status: IntegrationStatusView;
  connection: IntegrationConnection;
  error: IntegrationProblem | null;
  plan: Plan | null;
  intervalSecondsOverride: number | null;
  /** Seconds between incremental syncs: the override, else the plan's (`syncIntervalFor`). */
  intervalSeconds: number | null;
  scopes: string[];
  sync: SyncProgress | null;
  lastSync: { runId: string; outcome: 'completed' | 'failed'; at: string } | null;
  /** When the scheduler should sync next: the last sync plus the interval, while connected. */
  nextSyncAt: string | null;
  syncRequestedAt: string | null;
  /** When the last event applied was observed. */
  updatedAt: string;
}

export const integrationsCollection = {
  name: 'integrations',
  indexes: [{ fields: ['status'] }],
} as const;

const authorisationActions: Record<string, string> = {
  revoked: 'SmartRecruiters access was revoked. Reconnect the integration to resume syncing.',
  expired: 'The SmartRecruiters authorisation expired. Reconnect the integration to resume syncing.',
  invalid_grant: 'SmartRecruiters no longer accepts the authorisation. Reconnect the integration to resume syncing.',
  scope_removed: 'Permissions the integration needs were removed in SmartRecruiters. Reconnect and approve every requested permission.',
};

function emptyView(tenantId: string, at: string): IntegrationView {
  return {
    tenantId,
    status: 'disabled',
    connection: 'disabled',
    error: null,
    plan: null,
    intervalSecondsOverride: null,
    intervalSeconds: null,
    scopes: [],
    sync: null,
    lastSync: null,
    nextSyncAt: null,
    syncRequestedAt: null,
    updatedAt: at,
  };
}

function statusOf(view: IntegrationView): IntegrationStatusView {
  if (view.connection !== 'connected') return view.connection;
  if (view.sync) return 'syncing';
  return view.error ? 'error' : 'enabled';
}

function intervalOf(plan: Plan | null, override: number | null): number | null {
  if (plan) return syncIntervalFor(plan, override ?? undefined);
  return override;
}

function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/** Derived fields, recomputed after every change so they can never disagree with what they derive from. */
function settle(view: IntegrationView): IntegrationView {
  const intervalSeconds = intervalOf(view.plan, view.intervalSecondsOverride);
  const nextSyncAt =
    view.connection === 'connected' && view.lastSync && intervalSeconds !== null ? addSeconds(view.lastSync.at, intervalSeconds) : null;
  const settled = { ...view, intervalSeconds, nextSyncAt };
  return { ...settled, status: statusOf(settled) };
}

function runIdOf(event: EventMessage): string {
  return parseStreamName(event.stream).parts[1]!;
}

function withCheckpoint(sync: SyncProgress, resource: string, done: number, total: number | null): SyncProgress {
  const resources = { ...sync.resources, [resource]: { done, total } };
  const all = Object.values(resources);
  return {
    ...sync,
    resources,
    done: all.reduce((sum, r) => sum + r.done, 0),
    total: all.every((r) => r.total !== null) ? all.reduce((sum, r) => sum + (r.total ?? 0), 0) : null,
  };
}

function evolve(current: IntegrationView | undefined, event: EventMessage): IntegrationView {
  const at = event.metadata.observedAt;
  const view = { ...(current ?? emptyView(event.metadata.tenantId, at)), updatedAt: at };
  switch (event.type) {
    case 'IntegrationEnableRequested':
      return settle({ ...view, connection: view.connection === 'connected' ? 'connected' : 'connecting', plan: event.data.plan });
    case 'IntegrationConnected':
      return settle({ ...view, connection: 'connected', error: null, scopes: event.data.scopes });
    case 'AccessTokenRefreshed':
      return current ?? settle(view);
    case 'AuthorizationLost':
      return settle({
        ...view,
        connection: 'reauthorise',
        sync: null,
        error: {
          code: `authorization_${event.data.reason}`,
          message: event.data.detail ?? `SmartRecruiters authorisation lost (${event.data.reason})`,
          action: authorisationActions[event.data.reason] ?? authorisationActions['revoked']!,
        },
      });
    case 'IntegrationDisconnected':
      return settle({ ...view, connection: 'disabled', error: null, sync: null, scopes: [] });
    case 'PlanChanged':
      return settle({ ...view, plan: event.data.plan, intervalSecondsOverride: event.data.intervalSecondsOverride ?? null });
    case 'SyncRequested':
      return settle({ ...view, syncRequestedAt: at });
    case 'SyncRunStarted':
      return settle({
        ...view,
        sync: { runId: event.data.runId, kind: event.data.kind, startedAt: at, done: 0, total: null, resources: {} },
      });
    case 'SyncCheckpointReached': {
      // A checkpoint of a run that is no longer the current one (superseded or finished) is history.
      if (!view.sync || view.sync.runId !== runIdOf(event)) return current ?? settle(view);
      const { resource, done, total } = event.data;
      return settle({ ...view, sync: withCheckpoint(view.sync, resource, done, total) });
    }
    case 'SyncRunCompleted': {
      const runId = runIdOf(event);
      const sync = view.sync?.runId === runId ? null : view.sync;
      // A sync error is cleared by a run that succeeds; an authorisation problem only by a new grant.
      const error = view.connection === 'connected' ? null : view.error;
      return settle({ ...view, sync, error, lastSync: { runId, outcome: 'completed', at } });
    }
    case 'SyncRunFailed': {
      const runId = runIdOf(event);
      const sync = view.sync?.runId === runId ? null : view.sync;
      const { code, message } = event.data.error;
      const action = event.data.retryable
        ? 'The sync is retried at the next interval; choose "Sync now" to try sooner.'
        : `The sync cannot continue on its own. Check the integration's settings in SmartRecruiters, or contact support quoting "${code}".`;
      const error = view.connection === 'connected' ? { code, message, action } : view.error;
      return settle({ ...view, sync, error, lastSync: { runId, outcome: 'failed', at } });
    }
    default:
      return current ?? settle(view);
  }
}

const integrationTypes = new Set<string>([
  'IntegrationEnableRequested',
  'IntegrationConnected',
  'AccessTokenRefreshed',
  'AuthorizationLost',
  'IntegrationDisconnected',
  'PlanChanged',
  'SyncRequested',
  'SyncRunStarted',
  'SyncCheckpointReached',
  'SyncRunCompleted',
  'SyncRunFailed',
]);

/** One document per tenant (its id is the tenant id): the integration's status as the admin sees it. */
export const integrationsProjection: ReadModelProjection<IntegrationView> = {
  collection: integrationsCollection,
  documentIdOf: (event) => (integrationTypes.has(event.type) ? event.metadata.tenantId : undefined),
  evolve,
};
