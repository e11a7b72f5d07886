import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { authenticateJwt } from '../authenticate-jwt';
import type { CallerEnv } from '../caller';
import { createSampleNotesApi } from './sample-notes-api';
import { assertTenantIsolation, routeTable, walkTenantIsolation, type IsolationCases } from './tenant-isolation';
import { bearerFor, signTestToken, testJwtOptions } from './test-tokens';

const tenantBNote = { id: 'note-b1', title: 'tenant B only', body: 'secret plans' };
const sampleApi = () => createSampleNotesApi({ authenticate: authenticateJwt(testJwtOptions()), notes: { 'tenant-b': [tenantBNote] } });
const authorizationOf = async (tenantId: string) => `Bearer ${await signTestToken({ tenantId })}`;

/** The case table a real spec keeps beside its app: one entry per route, or the walk fails. */
const cases: IsolationCases = {
  'GET /v1/openapi.json': { skip: 'the public OpenAPI document holds no tenant data' },
  'GET /v1/notes': { expect: 200 },
  'POST /v1/notes': { body: { title: 'mine' }, expect: 201 },
  'GET /v1/notes/{noteId}': {},
  'PUT /v1/notes/{noteId}': { body: { title: 'hijacked' } },
  'DELETE /v1/notes/{noteId}': {},
};

describe('the tenant-isolation route walker', () => {
  it('lists every (method, path) pair of an OpenAPIHono app, in OpenAPI form', () => {
    expect(routeTable(sampleApi())).toEqual([
      'DELETE /v1/notes/{noteId}',
      'GET /v1/notes',
      'GET /v1/notes/{noteId}',
      'GET /v1/openapi.json',
      'POST /v1/notes',
      'PUT /v1/notes/{noteId}',
    ]);
  });

  it('passes an app that answers tenant A 404 problem+json for every resource of tenant B, and tenant B keeps its data', async () => {
    const app = sampleApi();
    const results = await assertTenantIsolation({ app, cases, tenantBIds: { noteId: tenantBNote.id }, authorizationOf });
    expect(results.map((r) => r.route)).toHaveLength(6);
    const own = await app.request(`/v1/notes/${tenantBNote.id}`, { headers: await bearerFor('tenant-b') });
    expect(await own.json()).toEqual(tenantBNote);
  });

  it('fails when a route has no case, naming it (a new route cannot ship without one)', async () => {
    const app = sampleApi();
    app.get('/v1/notes/:noteId/history', (c) => c.json([]));
    await expect(assertTenantIsolation({ app, cases, tenantBIds: { noteId: tenantBNote.id }, authorizationOf })).rejects.toThrow(
      /GET \/v1\/notes\/\{noteId\}\/history: no isolation case/,
    );
  });

  it('fails when a case names a route the app no longer has', async () => {
    const results = await walkTenantIsolation({
      app: sampleApi(),
      cases: { ...cases, 'PATCH /v1/notes/{noteId}': {} },
      tenantBIds: { noteId: tenantBNote.id },
      authorizationOf,
    });
    expect(results.find((r) => !r.ok)).toMatchObject({ route: 'PATCH /v1/notes/{noteId}', note: expect.stringMatching(/does not have/) });
  });

  it('fails an app that serves another tenant’s resource, or leaks it in a list', async () => {
    const leaky = new Hono<CallerEnv>();
    leaky.use(authenticateJwt(testJwtOptions()));
    leaky.get('/v1/notes', (c) => c.json({ items: [tenantBNote] }));
    leaky.get('/v1/notes/:noteId', (c) => c.json(tenantBNote));
    const results = await walkTenantIsolation({
      app: leaky,
      cases: { 'GET /v1/notes': { expect: 200 }, 'GET /v1/notes/{noteId}': {} },
      tenantBIds: { noteId: tenantBNote.id },
      authorizationOf,
    });
    expect(results).toEqual([
      { route: 'GET /v1/notes', ok: false, note: expect.stringMatching(/names tenant B's note-b1/) },
      { route: 'GET /v1/notes/{noteId}', ok: false, note: expect.stringMatching(/tenant A got 200, expected 404/) },
    ]);
  });

  it('fails a 404 that proves nothing: ids that tenant B cannot reach either', async () => {
    const results = await walkTenantIsolation({
      app: sampleApi(),
      cases: { ...cases },
      tenantBIds: { noteId: 'no-such-note' },
      authorizationOf,
    });
    expect(results.find((r) => r.route === 'GET /v1/notes/{noteId}')).toMatchObject({ ok: false, note: expect.stringMatching(/^control/) });
  });
});
