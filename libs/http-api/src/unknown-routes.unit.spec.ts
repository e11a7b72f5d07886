import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemApp, problemOf } from './testing/problem-app';
import { problemMethodNotAllowed } from './unknown-routes';

const api = new Hono();
api.use(problemMethodNotAllowed(api));
api.get('/mappings/:id', (c) => c.json({ id: c.req.param('id') }));
api.put('/mappings/:id', (c) => c.json({ id: c.req.param('id') }));
api.post('/mappings', (c) => c.json({}, 201));
// The root answers as a service does; the API is mounted under a prefix, as the lead will mount it.
const app = problemApp();
app.route('/v1', api);

describe('unknown routes and methods', () => {
  it('answers a known path with another method 405 problem+json naming the allowed ones', async () => {
    const response = await app.request('/v1/mappings/m1', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, PUT');
    expect(await problemOf(response)).toMatchObject({ status: 405, title: 'Method Not Allowed', instance: '/v1/mappings/m1' });
    expect((await app.request('/v1/mappings', { method: 'GET' })).headers.get('allow')).toBe('POST');
  });

  it('answers an unknown path 404 problem+json, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'PATCH']) {
      const response = await app.request('/v1/nothing/here', { method });
      expect(response.status).toBe(404);
      expect(await problemOf(response)).toMatchObject({ status: 404 });
    }
  });

  it('leaves a route’s own 404 alone', async () => {
    const own = new Hono();
    own.use(problemMethodNotAllowed(own));
    own.get('/things/:id', (c) => c.json({ type: 'about:blank', status: 404 }, 404));
    const root = problemApp();
    root.route('/', own);
    const response = await root.request('/things/x');
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBeNull();
  });
});
