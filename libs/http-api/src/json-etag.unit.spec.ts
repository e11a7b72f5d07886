import { describe, expect, it } from 'vitest';
import { jsonEtag } from './json-etag';
import { problemApp } from './testing/problem-app';

let jobs = [{ id: 'j1', title: 'Engineer' }];
const app = problemApp();
app.use(jsonEtag());
app.get('/jobs', (c) => c.json(jobs, 200, { vary: 'Origin', 'x-request-id': 'r1' }));
app.get('/text', (c) => c.text('plain'));
app.get('/missing', (c) => c.json({ type: 'about:blank' }, 404));
app.post('/jobs', (c) => c.json(jobs, 200));
app.get('/own', (c) => c.json(jobs, 200, { etag: '"v7"', 'cache-control': 'max-age=5' }));

describe('jsonEtag', () => {
  it('tags a GET JSON answer with a strong SHA-256 of its body, for this tenant only', async () => {
    const response = await app.request('/jobs');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(await response.json()).toEqual(jobs);
  });

  it('answers 304 without a body when If-None-Match names the tag (weakly compared), keeping ETag, Vary and the request id', async () => {
    const etag = (await app.request('/jobs')).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `"other", W/${etag}`, '*']) {
      const response = await app.request('/jobs', { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('vary')).toBe('Origin');
      expect(response.headers.get('x-request-id')).toBe('r1');
      expect(response.headers.get('content-type')).toBeNull();
    }
  });

  it('answers the new body with a new tag once the data changed', async () => {
    const before = (await app.request('/jobs')).headers.get('etag')!;
    jobs = [...jobs, { id: 'j2', title: 'Designer' }];
    const response = await app.request('/jobs', { headers: { 'if-none-match': before } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(before);
  });

  it('leaves alone non-JSON answers, errors, writes, and tags a route set itself', async () => {
    expect((await app.request('/text')).headers.get('etag')).toBeNull();
    expect((await app.request('/missing')).headers.get('etag')).toBeNull();
    expect((await app.request('/jobs', { method: 'POST' })).headers.get('etag')).toBeNull();
    const own = await app.request('/own', { headers: { 'if-none-match': '"v7"' } });
    expect(own.status).toBe(304);
    expect(own.headers.get('cache-control')).toBe('max-age=5');
  });
});
