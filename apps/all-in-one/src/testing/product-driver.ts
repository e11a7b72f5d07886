import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigApiClient, type ConfigApiClient } from '@srw/config-api-client';
import { signTestToken } from '@srw/http-api/testing';
import { createLogger, type LogLevel } from '@srw/observability';
import { createService, type Service } from '@srw/runtime';
import type { SrSandbox } from '@srw/sr-sandbox';
import { eventually, formOf } from '@srw/test-support';
import { createAllInOne, type AllInOne } from '../all-in-one-stack';
import type { AllInOneConfig } from '../config';
import { demoTenant } from '../demo-enable.routes';
import { allInOneRunEnv, type AllInOneRun } from './run-groups';

export interface ProductInOneProcess {
  allInOne: AllInOne;
  service: Service<AllInOneConfig>;
  /** config-api as the demo tenant's admin: a test JWT of the Willo frontend, or the demo's own sign-in. */
  api: ConfigApiClient;
  /** Every line the service logged at `logLevel` or above, JSON. */
  logLines: string[];
  /** Stops the service and removes its data directory. */
  stop(): Promise<void>;
}

export interface ProductInOneProcessOptions extends Omit<AllInOneRun, 'dataDir'> {
  /** Default `debug`. */
  logLevel?: LogLevel;
}

/**
 * The whole product in one process, as the e2e specs and the invite-latency bench drive it: a fresh
 * data directory and consumer groups named after `name`, both sandboxes (SR's seeded with `sandbox`),
 * the embedded adapters or the servers of `serverEnv` (see `allInOneRunEnv`), started.
 */
export async function startProductInOneProcess({ logLevel = 'debug', ...run }: ProductInOneProcessOptions): Promise<ProductInOneProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `${run.name}-`));
  const logLines: string[] = [];
  const allInOne = createAllInOne();
  let service: Service<AllInOneConfig> | undefined;
  const stop = async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    service = await createService(allInOne.definition, {
      env: await allInOneRunEnv({ ...run, dataDir }),
      logger: createLogger({ service: 'all-in-one' }, { level: logLevel, write: (line) => logLines.push(line) }),
    });
    await service.start();
    const token = run.demoSignIn ? await demoSessionToken(`${service.url}/demo/session`) : await signTestToken({ tenantId: demoTenant, userId: 'admin-1', expiresInSeconds: 3600 });
    return { allInOne, service, api: createConfigApiClient({ baseUrl: `${service.url}/v1`, token }), logLines, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The token the admin page gets from the demo's sign-in. */
async function demoSessionToken(sessionUrl: string): Promise<string> {
  const answer = await fetch(sessionUrl, { method: 'POST' });
  if (answer.status !== 200) throw new Error(`the demo's sign-in answered ${answer.status}`);
  return ((await answer.json()) as { token: string }).token;
}

/**
 * The admin's Enable as a browser does it: config-api answers SR's consent page, the admin allows,
 * SR calls the all-in-one back; then waits until config-api shows the integration connected and its
 * initial sync completed.
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
