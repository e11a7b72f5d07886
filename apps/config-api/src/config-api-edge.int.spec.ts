import { randomUUID } from 'node:crypto';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontendOrigin, openConfigApiHarness, tokenFor, type ConfigApiHarness } from './testing/config-api-harness';

/**
 * The security edge of config-api as served (`createSecuredConfigApi`): CORS, request ids, the body
 * limit, the per-tenant rate limit, 404/405 problems and ETags. The store plays no part here: the
 * embedded one. Authentication and tenant isolation are in the suite, on every read store.
 */
describe('config-api’s edge', () => {
  const run = randomUUID().slice(0, 8);
  const tenant = (name: string) => `${name}-${run}`;
  const logLines: Record<string, unknown>[] = [];
  const bodyLimit = 2048;
  let store: SqliteReadStore;
  let h: ConfigApiHarness;
  beforeAll(async () => {
    store = await SqliteReadStore.open();
    h = await openConfigApiHarness(store, { logLines, security: { bodyLimit: { maxBytes: bodyLimit } } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
  });
  const bearer = async (tenantId: string) => ({ authorization: `Bearer ${await tokenFor(tenantId)}` });

  it('answers a preflight of the frontend’s origin, and gives any other origin no CORS header', async () => {
    const preflight = (origin: string) =>
      h.request('/v1/interviews/iv-1/mapping', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type, if-match' } });
    const allowed = await preflight(frontendOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(frontendOrigin);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');

    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const read = await h.request('/v1/jobs', { headers: { origin: frontendOrigin, ...(await bearer(tenant('cors'))) } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(frontendOrigin);
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    const foreign = await h.request('/v1/jobs', { headers: { origin: 'https://evil.example', ...(await bearer(tenant('cors'))) } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes the caller’s request id (or makes one) on every answer, errors included, and writes it on the request’s log lines', async () => {
    const refused = await h.request('/v1/jobs', { headers: { 'x-request-id': `req-${run}`, authorization: 'Bearer not-a-token' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe(`req-${run}`);
    expect(logLines).toContainEqual(expect.objectContaining({ message: 'token refused', requestId: `req-${run}` }));
    expect(JSON.stringify(logLines)).not.toContain('not-a-token');

    const made = await h.request('/v1/jobs', { headers: await bearer(tenant('request-id')) });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a Willo key check that is refused or fails by tenant and error code, never with the key or Willo’s answer', async () => {
    const t = tenant('willo-key-logs');
    const put = async (apiKey: string) =>
      h.request('/v1/willo-credentials', { method: 'PUT', headers: { ...(await bearer(t)), 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });
    const refusedKey = `refused-${randomUUID()}`;
    const unavailableKey = h.willo.control.addOrganisation().apiKey;
    h.willo.control.injectFault({ kind: 'error', status: 503, rate: 1, times: 1, method: 'GET', pathPrefix: '/interviews/' });

    expect((await put(unavailableKey)).status).toBe(503);
    expect((await put(refusedKey)).status).toBe(422);

    expect(logLines).toContainEqual(expect.objectContaining({ message: 'Willo could not check a tenant’s API key', tenantId: t, error: 'TRANSIENT' }));
    expect(logLines).toContainEqual(expect.objectContaining({ message: 'Willo refused a tenant’s API key', tenantId: t }));
    const logged = JSON.stringify(logLines);
    expect(logged).not.toContain(refusedKey);
    expect(logged).not.toContain(unavailableKey);
    expect(logged).not.toContain('Service temporarily unavailable');
  });

  it('refuses a body over the limit with 413 problem+json, before reading it', async () => {
    const body = JSON.stringify({ jobs: [{ jobId: 'x'.repeat(bodyLimit), triggerStages: [] }] });
    const response = await h.request('/v1/interviews/iv-1/mapping', { method: 'PUT', headers: { ...(await bearer(tenant('big'))), 'content-type': 'application/json' }, body });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers an unknown route 404 and a known one asked with another method 405 with Allow, both problem+json', async () => {
    const headers = await bearer(tenant('routes'));
    const unknown = await h.request('/v1/nowhere', { headers });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const wrongMethod = await h.request('/v1/jobs', { method: 'DELETE', headers });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toBe('application/problem+json');
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });

  it('puts a strong ETag on every read and answers 304 to If-None-Match; the mapping keeps its revision ETag for If-Match', async () => {
    const t = tenant('etag');
    await h.seedJob(t, 'j1', 'Backend Engineer', '2026-01-01T00:00:00.000Z');
    await h.project();
    const headers = await bearer(t);
    const jobs = await h.request('/v1/jobs', { headers });
    const etag = jobs.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(jobs.headers.get('cache-control')).toBe('private, no-cache');
    const again = await h.request('/v1/jobs', { headers: { ...headers, 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const client = await h.client(t);
    await client.PUT('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-e' } }, body: { jobs: [{ jobId: 'j1', triggerStages: [{ status: 'NEW', subStatus: null }] }] } });
    await h.project();
    const mapping = await h.request('/v1/interviews/iv-e/mapping', { headers });
    expect(mapping.headers.get('etag')).toBe('"0"');
    expect((await h.request('/v1/interviews/iv-e/mapping', { headers: { ...headers, 'if-none-match': '"0"' } })).status).toBe(304);
    const removed = await client.DELETE('/interviews/{interviewId}/mapping', { params: { path: { interviewId: 'iv-e' }, header: { 'if-match': '"0"' } } });
    expect(removed.response.status).toBe(204);
  });
});

describe('config-api’s per-tenant rate limit', () => {
  let store: SqliteReadStore;
  let h: ConfigApiHarness;
  // A clock that stands still: no token comes back during the spec.
  const burst = 3;
  beforeAll(async () => {
    store = await SqliteReadStore.open();
    h = await openConfigApiHarness(store, { security: { rateLimit: { burst, perSecond: 0.5, now: () => 1_000_000 } } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
  });

  it('answers a tenant over its rate 429 problem+json with Retry-After, and another tenant is unaffected', async () => {
    const run = randomUUID().slice(0, 8);
    const busy = { authorization: `Bearer ${await tokenFor(`busy-${run}`)}` };
    for (let n = 0; n < burst; n++) expect((await h.request('/v1/jobs', { headers: busy })).status).toBe(200);
    const limited = await h.request('/v1/jobs', { headers: busy });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.headers.get('retry-after')).toBe('2');
    const other = await h.request('/v1/jobs', { headers: { authorization: `Bearer ${await tokenFor(`calm-${run}`)}` } });
    expect(other.status).toBe(200);
  });
});

describe('config-api with a deployment-wide Willo organisation (WILLO_FALLBACK_ORGANISATION)', () => {
  it('reports a tenant without a key of its own as served by the deployment’s organisation', async () => {
    const store = await SqliteReadStore.open();
    const h = await openConfigApiHarness(store, { willoFallback: true });
    try {
      const t = `fallback-${randomUUID().slice(0, 8)}`;
      const client = await h.client(t);
      const status = async () => (await client.GET('/integrations/{integrationId}', { params: { path: { integrationId: 'smartrecruiters' } } })).data?.willoCredentials;

      expect(await status()).toBe('deployment');
      await client.PUT('/willo-credentials', { body: { apiKey: h.willo.control.addOrganisation().apiKey } });
      expect(await status()).toBe('tenant');
    } finally {
      await h.close();
      await store.close();
    }
  });
});
