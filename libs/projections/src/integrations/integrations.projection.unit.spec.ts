import { streams } from '@srw/contracts';
import { describe, it } from 'vitest';
import { createEventHistory, projectionSpec } from '../testing';
import { integrationsProjection, type IntegrationView } from './integrations.projection';

const spec = projectionSpec(integrationsProjection);
const tenant = 't1';
const integration = streams.integration(tenant);
const run = (id: string) => streams.syncRun(tenant, id);

function story() {
  const h = createEventHistory();
  const enableRequested = h.append(integration, 'IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, '2026-01-01T10:00:00.000Z');
  const connected = h.append(
    integration,
    'IntegrationConnected',
    { connectedBy: 'admin', scopes: ['jobs_read'], accessTokenExpiresAt: '2026-01-01T10:30:00.000Z' },
    '2026-01-01T10:01:00.000Z',
  );
  const started = h.append(run('r1'), 'SyncRunStarted', { runId: 'r1', kind: 'initial', resources: ['jobs', 'hiringProcesses'] }, '2026-01-01T10:01:01.000Z');
  const jobsPage = h.append(run('r1'), 'SyncCheckpointReached', { resource: 'jobs', cursor: 'c1', done: 100, total: 250 }, '2026-01-01T10:01:02.000Z');
  const stagesPage = h.append(run('r1'), 'SyncCheckpointReached', { resource: 'hiringProcesses', cursor: 'c1', done: 10, total: null }, '2026-01-01T10:01:03.000Z');
  const completed = h.append(run('r1'), 'SyncRunCompleted', { counts: { jobs: 250 }, apiCalls: 30, durationMs: 9000 }, '2026-01-01T10:01:10.000Z');
  return { h, enableRequested, connected, started, jobsPage, stagesPage, completed };
}

const base: IntegrationView = {
  tenantId: tenant,
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
  updatedAt: '',
};

describe('integrations read model', () => {
  it('an enable request makes it "connecting" with the plan and its interval', async () => {
    const { enableRequested } = story();
    await spec.given([]).when(enableRequested).then({
      ...base,
      status: 'connecting',
      connection: 'connecting',
      plan: 'growth',
      intervalSeconds: 30 * 60,
      updatedAt: '2026-01-01T10:00:00.000Z',
    });
  });

  it('the grant makes it "enabled" with the scopes; no sync has run, so no next sync yet', async () => {
    const { enableRequested, connected } = story();
    await spec.given([enableRequested]).when(connected).then({
      ...base,
      status: 'enabled',
      connection: 'connected',
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      updatedAt: '2026-01-01T10:01:00.000Z',
    });
  });

  it('a run in progress makes it "syncing" with done/total summed over resources (total unknown while one is unknown)', async () => {
    const { enableRequested, connected, started, jobsPage, stagesPage } = story();
    await spec.given([enableRequested, connected, started, jobsPage]).when(stagesPage).then({
      ...base,
      status: 'syncing',
      connection: 'connected',
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      sync: {
        runId: 'r1',
        kind: 'initial',
        startedAt: '2026-01-01T10:01:01.000Z',
        done: 110,
        total: null,
        resources: { jobs: { done: 100, total: 250 }, hiringProcesses: { done: 10, total: null } },
      },
      updatedAt: '2026-01-01T10:01:03.000Z',
    });
    const h = story();
    await spec.given([h.enableRequested, h.connected, h.started]).when(h.jobsPage).then(
      expectSync({ done: 100, total: 250, resources: { jobs: { done: 100, total: 250 } } }, '2026-01-01T10:01:02.000Z'),
    );
  });

  it('a completed run makes it "enabled" again with the last sync and the next one a plan interval later', async () => {
    const { h, completed } = story();
    await spec.given(h.events.slice(0, -1)).when(completed).then({
      ...base,
      status: 'enabled',
      connection: 'connected',
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      lastSync: { runId: 'r1', outcome: 'completed', at: '2026-01-01T10:01:10.000Z' },
      nextSyncAt: '2026-01-01T10:31:10.000Z',
      updatedAt: '2026-01-01T10:01:10.000Z',
    });
  });

  it('a plan change moves the next sync to the new interval, and an override wins over the plan', async () => {
    const { h } = story();
    const planChanged = h.append(integration, 'PlanChanged', { plan: 'scale', intervalSecondsOverride: 120 }, '2026-01-01T11:00:00.000Z');
    await spec.given(h.events.slice(0, -1)).when(planChanged).then({
      ...base,
      status: 'enabled',
      connection: 'connected',
      plan: 'scale',
      intervalSecondsOverride: 120,
      intervalSeconds: 120,
      scopes: ['jobs_read'],
      lastSync: { runId: 'r1', outcome: 'completed', at: '2026-01-01T10:01:10.000Z' },
      nextSyncAt: '2026-01-01T10:03:10.000Z',
      updatedAt: '2026-01-01T11:00:00.000Z',
    });
  });

  it('a failed run makes it "error" with the reason and what the admin can do; the next good run clears it', async () => {
    const { h } = story();
    h.append(run('r2'), 'SyncRunStarted', { runId: 'r2', kind: 'incremental', resources: ['jobs'] }, '2026-01-01T10:31:10.000Z');
    const failed = h.append(
      run('r2'),
      'SyncRunFailed',
      { error: { code: 'upstream_unavailable', message: 'SmartRecruiters answered 503' }, retryable: true, apiCalls: 3 },
      '2026-01-01T10:31:20.000Z',
    );
    await spec.given(h.events.slice(0, -1)).when(failed).then({
      ...base,
      status: 'error',
      connection: 'connected',
      error: {
        code: 'upstream_unavailable',
        message: 'SmartRecruiters answered 503',
        action: 'The sync is retried at the next interval; choose "Sync now" to try sooner.',
      },
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      lastSync: { runId: 'r2', outcome: 'failed', at: '2026-01-01T10:31:20.000Z' },
      nextSyncAt: '2026-01-01T11:01:20.000Z',
      updatedAt: '2026-01-01T10:31:20.000Z',
    });
    h.append(run('r3'), 'SyncRunStarted', { runId: 'r3', kind: 'incremental', resources: ['jobs'] }, '2026-01-01T11:01:20.000Z');
    const recovered = h.append(run('r3'), 'SyncRunCompleted', { counts: {}, apiCalls: 1, durationMs: 100 }, '2026-01-01T11:01:21.000Z');
    await spec.given(h.events.slice(0, -1)).when(recovered).then({
      ...base,
      status: 'enabled',
      connection: 'connected',
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      lastSync: { runId: 'r3', outcome: 'completed', at: '2026-01-01T11:01:21.000Z' },
      nextSyncAt: '2026-01-01T11:31:21.000Z',
      updatedAt: '2026-01-01T11:01:21.000Z',
    });
  });

  it('a lost authorisation makes it "reauthorise", stops the progress and the schedule; a run failing after it keeps that reason', async () => {
    const { h, enableRequested, connected, started, jobsPage } = story();
    const lost = h.append(integration, 'AuthorizationLost', { reason: 'revoked' }, '2026-01-01T10:01:05.000Z');
    const expected: IntegrationView = {
      ...base,
      status: 'reauthorise',
      connection: 'reauthorise',
      error: {
        code: 'authorization_revoked',
        message: 'SmartRecruiters authorisation lost (revoked)',
        action: 'SmartRecruiters access was revoked. Reconnect the integration to resume syncing.',
      },
      plan: 'growth',
      intervalSeconds: 1800,
      scopes: ['jobs_read'],
      updatedAt: '2026-01-01T10:01:05.000Z',
    };
    await spec.given([enableRequested, connected, started, jobsPage]).when(lost).then(expected);
    const failed = h.append(run('r1'), 'SyncRunFailed', { error: { code: 'unauthorized', message: '401' }, retryable: false, apiCalls: 1 }, '2026-01-01T10:01:06.000Z');
    await spec.given([enableRequested, connected, started, jobsPage, lost]).when(failed).then({
      ...expected,
      lastSync: { runId: 'r1', outcome: 'failed', at: '2026-01-01T10:01:06.000Z' },
      updatedAt: '2026-01-01T10:01:06.000Z',
    });
  });

  it('a disconnect makes it "disabled" and clears scopes, errors and the schedule, keeping the plan', async () => {
    const { h } = story();
    const disconnected = h.append(integration, 'IntegrationDisconnected', { disconnectedBy: 'admin' }, '2026-01-01T12:00:00.000Z');
    await spec.given(h.events.slice(0, -1)).when(disconnected).then({
      ...base,
      plan: 'growth',
      intervalSeconds: 1800,
      lastSync: { runId: 'r1', outcome: 'completed', at: '2026-01-01T10:01:10.000Z' },
      updatedAt: '2026-01-01T12:00:00.000Z',
    });
  });

  it('a checkpoint of a run that is no longer current changes nothing', async () => {
    const { h } = story();
    const late = h.append(run('r0'), 'SyncCheckpointReached', { resource: 'jobs', cursor: null, done: 5, total: 5 }, '2026-01-01T10:02:00.000Z');
    await spec.given(h.events.slice(0, -1)).when(late).thenUnchanged();
  });

  it('a token refresh writes nothing (the admin sees no change)', async () => {
    const { h } = story();
    const refreshed = h.append(integration, 'AccessTokenRefreshed', { expiresAt: '2026-01-01T11:00:00.000Z' }, '2026-01-01T10:30:00.000Z');
    await spec.given(h.events.slice(0, -1)).when(refreshed).thenUnchanged();
  });

  it('a redelivered event changes nothing, whichever it is', async () => {
    const { h } = story();
    for (const event of h.events) await spec.given(h.events).whenRedelivered(event).thenNothingChanges();
  });

  it('an older event delivered after newer ones (out of order) changes nothing', async () => {
    const { enableRequested, connected, started, jobsPage, completed } = story();
    // The completed run is in; a late checkpoint and a late start must not bring "syncing" back.
    await spec.given([enableRequested, connected, completed]).when(jobsPage).thenUnchanged();
    await spec.given([enableRequested, connected, completed]).when(started).thenUnchanged();
  });
});

function expectSync(progress: Pick<NonNullable<IntegrationView['sync']>, 'done' | 'total' | 'resources'>, updatedAt: string): IntegrationView {
  return {
    ...base,
    status: 'syncing',
    connection: 'connected',
    plan: 'growth',
    intervalSeconds: 1800,
    scopes: ['jobs_read'],
    sync: { runId: 'r1', kind: 'initial', startedAt: '2026-01-01T10:01:01.000Z', ...progress },
    updatedAt,
  };
}
