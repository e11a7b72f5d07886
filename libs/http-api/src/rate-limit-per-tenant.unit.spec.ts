import { describe, expect, it } from 'vitest';
import { authenticateJwt } from './authenticate-jwt';
import type { CallerEnv } from './caller';
import { rateLimitPerTenant } from './rate-limit-per-tenant';
import { problemApp, problemOf } from './testing/problem-app';
import { bearerFor, testJwtOptions } from './testing/test-tokens';

describe('rateLimitPerTenant', () => {
  let now = Date.now();
  const app = problemApp<CallerEnv>();
  app.use(authenticateJwt(testJwtOptions()));
  app.use(rateLimitPerTenant({ burst: 2, perSecond: 0.5, now: () => now }));
  app.get('/jobs', (c) => c.json([]));

  it('answers 429 problem+json with Retry-After in whole seconds once a tenant spent its burst, sparing other tenants', async () => {
    const tenantA = await bearerFor('tenant-a');
    expect((await app.request('/jobs', { headers: tenantA })).status).toBe(200);
    expect((await app.request('/jobs', { headers: tenantA })).status).toBe(200);
    const refused = await app.request('/jobs', { headers: tenantA });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await problemOf(refused)).toMatchObject({ type: 'urn:srw:problem:rate-limited', status: 429 });
    expect((await app.request('/jobs', { headers: await bearerFor('tenant-b') })).status).toBe(200);
    now += 2_000;
    expect((await app.request('/jobs', { headers: tenantA })).status).toBe(200);
  });

  it('is a 500 of ours, not a silent pass, when registered before authentication', async () => {
    const misordered = problemApp();
    misordered.use(rateLimitPerTenant({ burst: 1, perSecond: 1 }));
    misordered.get('/', (c) => c.text('ok'));
    expect((await misordered.request('/')).status).toBe(500);
  });
});
