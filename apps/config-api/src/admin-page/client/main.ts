import { createConfigApiClient } from '@srw/config-api-client';
import { byId, metaContent } from './dom';
import { demoInterviews, demoPanel } from './demo-panel';
import { integrationsView } from './integrations-view';
import { mappingView } from './mapping-view';
import { startSession } from './session';
import { timelineView } from './timeline-view';

const pollMs = 2_000;

/** The admin page: signs in, then keeps every region current by polling config-api every two seconds. */
async function start(): Promise<void> {
  const apiBasePath = metaContent('srw-api') ?? '/v1';
  const demoBasePath = metaContent('srw-demo');
  const session = startSession(demoBasePath);
  const api = createConfigApiClient({ baseUrl: new URL(apiBasePath, window.location.origin).href });
  api.use({
    onRequest({ request }) {
      const token = session.token();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });
  await session.ready;

  const integrations = integrationsView(api);
  const mapping = mappingView(api, demoBasePath ? await demoInterviews(demoBasePath) : undefined);
  const timeline = timelineView(api, mapping.interviewId);
  const demo = demoBasePath ? demoPanel(demoBasePath, mapping) : undefined;
  await Promise.allSettled([integrations.refresh(), mapping.refresh(), timeline.refresh(), demo?.refresh()]);
  document.body.dataset['ready'] = 'true';

  const poll = async () => {
    await Promise.allSettled([integrations.refresh(), mapping.reloadIfEmpty(), timeline.refresh(), demo?.refresh()]);
    setTimeout(() => void poll(), pollMs);
  };
  setTimeout(() => void poll(), pollMs);
}

start().catch((error: unknown) => {
  byId('session').textContent = `The page could not start: ${error instanceof Error ? error.message : String(error)}`;
});
