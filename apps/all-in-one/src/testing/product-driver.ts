import type { ConfigApiClient } from '@srw/config-api-client';
import type { SrSandbox } from '@srw/sr-sandbox';
import { eventually, formOf } from '@srw/test-support';

/**
 * The admin's Enable as a browser does it: config-api answers SR's consent page, the admin allows,
 * SR calls the all-in-one back; then waits until config-api shows the integration connected and its
 * initial sync completed. Shared by the product-flow e2e and the invite-latency bench.
 */
export async function enableThroughConsent(api: ConfigApiClient, sr: SrSandbox): Promise<void> {
  const enabled = await api.POST('/integrations/{integrationId}/enable', { params: { path: { integrationId: 'smartrecruiters' } } });
  if (enabled.response.status !== 200 || !enabled.data) throw new Error(`enable answered ${enabled.response.status}`);
  const consentUrl = new URL(enabled.data.authorizationUrl);
  if (`${consentUrl.origin}${consentUrl.pathname}` !== `${sr.url}/identity/oauth/allow`) throw new Error(`enable sent the admin to ${consentUrl.href}, not SR's consent page`);
  const form = formOf(await (await fetch(consentUrl)).text(), { name: 'decision', value: 'approve' });
  const allowed = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
  if (allowed.status !== 302) throw new Error(`SR's consent answered ${allowed.status}, not a redirect`);
  const callback = await fetch(allowed.headers.get('location')!, { headers: { accept: 'text/html' } });
  if (callback.status !== 200) throw new Error(`the OAuth callback answered ${callback.status}`);
  await eventually(
    async () => {
      const { data } = await api.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } });
      return data?.status === 'enabled' && data.lastSync?.outcome === 'completed' ? data : undefined;
    },
    { what: 'config-api to show the integration connected and the initial sync completed', timeoutMs: 60_000 },
  );
}
