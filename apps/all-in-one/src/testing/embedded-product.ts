import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigApiClient, type ConfigApiClient } from '@srw/config-api-client';
import { signTestToken, testJwt } from '@srw/http-api/testing';
import { createLogger } from '@srw/observability';
import { createService, type Service } from '@srw/runtime';
import { eventually, formOf, freePort } from '@srw/test-support';
import { expect } from 'vitest';
import { createAllInOne, type AllInOne } from '../all-in-one-stack';
import type { AllInOneConfig } from '../config';
import { demoTenant } from '../demo-enable.routes';

export interface EmbeddedProduct {
  allInOne: AllInOne;
  service: Service<AllInOneConfig>;
  /** config-api as the demo tenant's admin (a JWT of the Willo frontend). */
  api: ConfigApiClient;
  /** Every line the service logged, JSON. */
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * The whole product in one process on the embedded adapters, started in a fresh data directory with
 * consumer groups of its own (`name` prefixes them), sandboxes seeded with `jobs` and `candidates`.
 */
export async function startEmbeddedProduct(name: string, seed: { jobs: number; candidates: number }): Promise<EmbeddedProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const logLines: string[] = [];
  const allInOne = createAllInOne();
  const service = await createService(allInOne.definition, {
    env: {
      PORT: String(await freePort()),
      SR_SANDBOX_PORT: String(await freePort()),
      WILLO_SANDBOX_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMBEDDED_DURABILITY: 'process',
      SR_SANDBOX_JOBS: String(seed.jobs),
      SR_SANDBOX_CANDIDATES: String(seed.candidates),
      JWT_HS256_SECRET: testJwt.secret,
      JWT_ISSUER: testJwt.issuer,
      JWT_AUDIENCE: testJwt.audience,
      STAGE_PROJECTOR_GROUP_PREFIX: `${name}-${randomUUID()}`,
      SR_POLLER_GROUP_PREFIX: `${name}-poller-${randomUUID()}`,
      INVITE_DISPATCHER_GROUP: `${name}-invites-${randomUUID()}`,
      SR_POLLER_RETRY_DELAY_MS: '1000',
    },
    logger: createLogger({ service: 'all-in-one' }, { level: 'debug', write: (line) => logLines.push(line) }),
  });
  await service.start();
  const token = await signTestToken({ tenantId: demoTenant, userId: 'admin-1', expiresInSeconds: 3600 });
  return {
    allInOne,
    service,
    api: createConfigApiClient({ baseUrl: `${service.url}/v1`, token }),
    logLines,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Enable as the admin does it: config-api sends them to SR's consent page, they allow, SR calls us back; the initial sync completes. */
export async function enableThroughSrConsent({ allInOne, api }: Pick<EmbeddedProduct, 'allInOne' | 'api'>): Promise<void> {
  const enabled = await api.POST('/integrations/{integrationId}/enable', { params: { path: { integrationId: 'smartrecruiters' } } });
  expect(enabled.response.status).toBe(200);
  const consentUrl = new URL(enabled.data!.authorizationUrl);
  expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(`${allInOne.sandboxes().sr.url}/identity/oauth/allow`);
  const form = formOf(await (await fetch(consentUrl)).text(), { name: 'decision', value: 'approve' });
  const allowed = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
  expect(allowed.status).toBe(302);
  expect((await fetch(allowed.headers.get('location')!, { headers: { accept: 'text/html' } })).status).toBe(200);
  await eventually(
    async () => {
      const { data } = await api.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } });
      return data?.status === 'enabled' && data.lastSync?.outcome === 'completed' ? data : undefined;
    },
    { what: 'config-api to show the integration connected and the initial sync completed', timeoutMs: 60_000 },
  );
}
