import type { ConfigApiClient, ConfigApiSchemas } from '@srw/config-api-client';
import { byId, formatSeconds, formatTime, problemText, withBusy } from './dom';

type Integration = ConfigApiSchemas['Integration'];
const path = { params: { path: { integrationId: 'smartrecruiters' as const } } };

const statusText: Record<Integration['status'], string> = {
  disabled: 'Not connected',
  connecting: 'Connecting…',
  syncing: 'Syncing',
  enabled: 'Connected',
  error: 'Error',
  reauthorise: 'Access lost: reconnect',
};

/** The SmartRecruiters tile: status with the sync's progress and any error with what to do, plan, interval, last and next sync, and its buttons. */
export function integrationsView(api: ConfigApiClient) {
  const status = byId('sr-status');
  const progress = byId<HTMLProgressElement>('sr-progress');
  const progressText = byId('sr-progress-text');
  const error = byId('sr-error');
  const message = byId('sr-message');
  const enable = byId<HTMLButtonElement>('sr-enable');
  const sync = byId<HTMLButtonElement>('sr-sync');
  const disconnect = byId<HTMLButtonElement>('sr-disconnect');
  const plan = byId<HTMLSelectElement>('plan');
  const interval = byId<HTMLInputElement>('interval');
  let editingPlan = false;
  let latest: Integration | undefined;

  const render = (integration: Integration) => {
    latest = integration;
    status.textContent = statusText[integration.status];
    status.dataset['status'] = integration.status;
    if (integration.sync) {
      const { done, total, kind } = integration.sync;
      progress.max = Math.max(total ?? done, 1);
      progress.value = done;
      progressText.textContent = `${kind} sync: ${done}${total === null ? '' : ` of ${total}`} records`;
    } else {
      progress.max = 1;
      progress.value = integration.lastSync?.outcome === 'completed' ? 1 : 0;
      progressText.textContent = 'No sync running';
    }
    error.textContent = integration.error ? `${integration.error.message} What to do: ${integration.error.action}` : '';
    byId('sr-last-sync').textContent = integration.lastSync ? `${formatTime(integration.lastSync.at)} (${integration.lastSync.outcome})` : 'never';
    byId('sr-next-sync').textContent = formatTime(integration.nextSyncAt, integration.syncRequestedAt ? 'requested, starting soon' : 'not scheduled');
    byId('sr-interval').textContent = formatSeconds(integration.intervalSeconds);
    const connected = !['disabled', 'connecting'].includes(integration.status);
    enable.textContent = integration.status === 'reauthorise' || integration.status === 'error' ? 'Reconnect' : 'Enable';
    enable.disabled = connected && integration.status !== 'reauthorise' && integration.status !== 'error';
    sync.disabled = !connected || integration.status === 'reauthorise';
    disconnect.disabled = integration.status === 'disabled';
    if (!editingPlan) {
      plan.value = integration.plan ?? 'growth';
      interval.value = integration.intervalSecondsOverride === null ? '' : String(integration.intervalSecondsOverride);
    }
  };

  const refresh = async () => {
    const { data, error: problem } = await api.GET('/integrations/{integrationId}', path);
    if (data) render(data);
    else error.textContent = problemText(problem, 'The integration could not be read');
  };

  enable.addEventListener('click', () =>
    withBusy(enable, message, async () => {
      const { data, error: problem } = await api.POST('/integrations/{integrationId}/enable', { ...path, body: { plan: plan.value as NonNullable<Integration['plan']> } });
      if (!data) throw new Error(problemText(problem, 'Enable failed'));
      window.location.assign(data.authorizationUrl);
      return 'Opening SmartRecruiters…';
    }),
  );
  sync.addEventListener('click', () =>
    withBusy(sync, message, async () => {
      const { error: problem } = await api.POST('/integrations/{integrationId}/sync', { ...path, body: { kind: 'incremental' } });
      if (problem) throw new Error(problemText(problem, 'Sync now failed'));
      await refresh();
      return 'Sync requested';
    }),
  );
  disconnect.addEventListener('click', () =>
    withBusy(disconnect, message, async () => {
      if (!window.confirm('Disconnect SmartRecruiters? Syncing stops and the access is deleted.')) return 'Still connected';
      const { error: problem } = await api.POST('/integrations/{integrationId}/disconnect', { ...path, body: { reason: 'disconnected from the admin page' } });
      if (problem) throw new Error(problemText(problem, 'Disconnect failed'));
      await refresh();
      return 'Disconnected';
    }),
  );
  const planForm = byId<HTMLFormElement>('plan-form');
  planForm.addEventListener('focusin', () => (editingPlan = true));
  planForm.addEventListener('focusout', () => (editingPlan = false));
  planForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void withBusy(byId<HTMLButtonElement>('plan-save'), message, async () => {
      const override = interval.value.trim() === '' ? null : Number(interval.value);
      const { error: problem } = await api.PUT('/integrations/{integrationId}/plan', { ...path, body: { plan: plan.value as NonNullable<Integration['plan']>, intervalSecondsOverride: override } });
      if (problem) throw new Error(problemText(problem, 'The plan could not be saved'));
      editingPlan = false;
      await refresh();
      return 'Plan saved';
    });
  });

  return { refresh, current: () => latest };
}
