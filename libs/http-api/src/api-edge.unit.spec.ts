import { describe, expect, it } from 'vitest';
import { withApiEdge } from './api-edge';
import { authenticateJwt } from './authenticate-jwt';
import { createSampleNotesApi } from './testing/sample-notes-api';
import { problemApp, problemOf } from './testing/problem-app';
import { bearerFor, testJwtOptions } from './testing/test-tokens';

const frontend = 'https://app.willo.test';
const api = createSampleNotesApi({ authenticate: authenticateJwt(testJwtOptions()), notes: { 'tenant-a': [{ id: 'n1', title: 't', body: '' }] } });
// Mounted the way a service built by createService mounts its routes: under a root that answers errors.
const root = problemApp();
root.route('/', withApiEdge(api, { cors: { origins: [frontend] }, bodyLimit: { maxBytes: 1024 } }));

describe('withApiEdge', () => {
  it('answers a preflight without a token, with the request id', async () => {
    const response = await root.request('/v1/notes', { method: 'OPTIONS', headers: { origin: frontend, 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('tags reads, and answers 304 to a matching If-None-Match', async () => {
    const headers = await bearerFor('tenant-a');
    const first = await root.request('/v1/notes/n1', { headers });
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await root.request('/v1/notes/n1', { headers: { ...headers, 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers 405 with Allow, 413 and 401 as problem+json, each with the request id', async () => {
    const wrongMethod = await root.request('/v1/notes/n1', { method: 'PATCH', headers: await bearerFor('tenant-a') });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    const tooLarge = await root.request('/v1/notes', { method: 'POST', body: 'x'.repeat(1025), headers: await bearerFor('tenant-a') });
    expect(tooLarge.status).toBe(413);
    const anonymous = await root.request('/v1/notes');
    expect(anonymous.status).toBe(401);
    for (const response of [wrongMethod, tooLarge, anonymous]) {
      expect(response.headers.get('x-request-id')).toBeTruthy();
      await problemOf(response);
    }
  });
});
