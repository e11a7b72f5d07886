import { describe, expect, it } from 'vitest';
import { corsForOrigins } from './cors';
import { problemApp } from './testing/problem-app';

const frontend = 'https://app.willo.test';
const app = problemApp();
app.use(corsForOrigins({ origins: [frontend] }));
app.get('/v1/jobs', (c) => c.json([]));

describe('corsForOrigins', () => {
  it('answers a preflight from a configured origin with the methods and headers the API uses', async () => {
    const response = await app.request('/v1/jobs', {
      method: 'OPTIONS',
      headers: { origin: frontend, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type/);
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('lets a configured origin read the answer and its request id and ETag, and varies by origin', async () => {
    const response = await app.request('/v1/jobs', { headers: { origin: frontend } });
    expect(response.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag.*X-Request-Id/);
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('gives any other origin no Access-Control-Allow-Origin', async () => {
    const response = await app.request('/v1/jobs', { method: 'OPTIONS', headers: { origin: 'https://evil.test', 'access-control-request-method': 'GET' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a wildcard or a path as an origin', () => {
    expect(() => corsForOrigins({ origins: ['*'], credentials: true })).toThrow(RangeError);
    expect(() => corsForOrigins({ origins: ['https://app.willo.test/path'] })).toThrow(RangeError);
  });
});
