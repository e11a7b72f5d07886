import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@srw/observability';
import { createService } from '@srw/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createAllInOne } from './all-in-one-stack';

const dataDir = mkdtempSync(join(tmpdir(), 'demo-mode-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The routes as built for `env` (built before any start: nothing listens, no sandbox runs). */
async function appFor(env: Record<string, string>) {
  const allInOne = createAllInOne();
  const service = await createService(allInOne.definition, {
    env: { PORT: '0', DATA_DIR: dataDir, EMBEDDED_DURABILITY: 'process', ...env },
    logger: createLogger({ service: 'all-in-one' }, { level: 'error', write: () => undefined }),
  });
  return { app: service.app, real: allInOne.realServices() };
}

const realCredentials = {
  SR_CLIENT_ID: 'our-client',
  SR_CLIENT_SECRET: 'our-client-secret',
  WILLO_API_KEY: 'a-willo-api-key',
  PUBLIC_BASE_URL: 'https://integration.example.com',
};

describe('the demo’s doors', () => {
  it('in demo mode: the sign-in mints a short-lived token of the demo tenant, and the page names the demo routes', async () => {
    const { app, real } = await appFor({});
    expect(real).toBeUndefined();
    const session = await app.request('/demo/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(session.status).toBe(200);
    const { token, expiresAt, tenantId } = (await session.json()) as { token: string; expiresAt: string; tenantId: string };
    expect(tenantId).toBe('demo');
    expect(token.split('.')).toHaveLength(3);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const page = await (await app.request('/admin')).text();
    expect(page).toContain('<meta name="srw-demo" content="/demo">');
  });

  it('with real SR and Willo credentials: no sign-in, no acting panel, no Enable shortcut; the page asks for a token', async () => {
    const { app, real } = await appFor(realCredentials);
    expect(real?.sr.clientId).toBe('our-client');
    for (const [method, path] of [['POST', '/demo/session'], ['GET', '/demo/enable'], ['GET', '/demo/interviews'], ['POST', '/demo/recruiter/moves']] as const) {
      const answer = await app.request(path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    const admin = await app.request('/admin');
    expect(admin.status).toBe(200);
    const page = await admin.text();
    expect(page).not.toContain('srw-demo');
    expect(page).toContain('id="sign-in"');
    // config-api itself is there, behind the Willo frontend's JWT.
    expect((await app.request('/v1/integrations')).status).toBe(401);
  });

  it('refuses half of the real credentials, naming what is missing', async () => {
    await expect(appFor({ SR_CLIENT_ID: 'our-client', SR_CLIENT_SECRET: 'secret' })).rejects.toThrow(/WILLO_API_KEY/);
  });
});
