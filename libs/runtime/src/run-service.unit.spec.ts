import {
  AuthorizationLostError,
  ConcurrencyError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UpstreamError,
  ValidationError,
} from '@srw/errors';
import { createLogger, startTelemetry } from '@srw/observability';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonBody } from './http/json-body';
import { createService, type Service } from './run-service';
import { serviceConfigSchema, type ServiceConfig } from './service-config';
import { memoryAdapters } from './testing/memory-adapters';
import { createGate } from '@srw/test-support';

// A real SDK, as the apps start it: it gives the request spans their trace ids.
const telemetry = startTelemetry({ serviceName: 'run-service-test', export: false });

const logLines: Record<string, unknown>[] = [];
const logger = createLogger({ service: 'test' }, { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });

const failing = new Hono();
const errors: Record<string, () => Error> = {
  validation: () => new ValidationError('query', [{ path: 'limit', message: 'must be at most 500' }]),
  forbidden: () => new ForbiddenError('the token is for another tenant'),
  'not-found': () => new NotFoundError('interview iv9 does not exist'),
  conflict: () => new ConflictError('the mapping changed meanwhile'),
  concurrency: () => new ConcurrencyError('interviewMapping-t1:iv1', '3', '4'),
  'authorization-lost': () => new AuthorizationLostError('SR revoked the grant'),
  'rate-limited': () => new RateLimitedError('slow down', 2_500),
  upstream: () => new UpstreamError('SR answered 500', 500),
  unavailable: () => new TransientError('Kafka unavailable'),
  'http-exception': () => new HTTPException(401, { message: 'a bearer token is required' }),
  'http-exception-with-headers': () =>
    new HTTPException(405, { message: 'PUT is not allowed', res: new Response('ignored', { headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' } }) }),
  unknown: () => new TypeError("Cannot read properties of undefined (reading 'secretInternalField')"),
};
failing.get('/:kind', (c) => {
  throw errors[c.req.param('kind')]!();
});
const bodies = new Hono();
bodies.post('/mappings', async (c) => c.json(await readJsonBody(c, z.object({ interviewId: z.string(), jobIds: z.array(z.string()).min(1) }))));

let service: Service<ServiceConfig>;
const request = (path: string, init?: RequestInit) => service.app.request(path, init);
const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
};

describe('a service’s HTTP errors', () => {
  beforeAll(async () => {
    service = await createService(
      { name: 'test', configSchema: serviceConfigSchema, routes: () => ({ '/fail': failing, '/api': bodies }) },
      { env: {}, logger, adapters: await memoryAdapters() },
    );
  });
  afterAll(async () => {
    await service.stop();
    await telemetry.shutdown();
  });

  it.each([
    ['validation', 400],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['concurrency', 409],
    ['authorization-lost', 409],
    ['rate-limited', 429],
    ['upstream', 502],
    ['unavailable', 503],
  ])('answers our %s error with %i and an RFC 9457 problem saying why', async (kind, status) => {
    const response = await request(`/fail/${kind}`);
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: `urn:srw:problem:${kind}`, status, instance: `/fail/${kind}`, detail: errors[kind]!().message });
    expect(typeof problem['title']).toBe('string');
  });

  it('names the offending fields of a 400', async () => {
    const problem = await problemOf(await request('/fail/validation'));
    expect(problem['errors']).toEqual([{ path: 'limit', message: 'must be at most 500' }]);
  });

  it('passes on how long a rate-limited caller should wait, in whole seconds', async () => {
    expect((await request('/fail/rate-limited')).headers.get('retry-after')).toBe('3');
  });

  it('keeps the status of a hono HTTPException', async () => {
    const response = await request('/fail/http-exception');
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Unauthorized', detail: 'a bearer token is required' });
  });

  it('keeps the headers of a hono HTTPException’s response, not its body', async () => {
    const response = await request('/fail/http-exception-with-headers');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await problemOf(response)).toMatchObject({ title: 'Method Not Allowed', detail: 'PUT is not allowed' });
  });

  it('answers an unknown error with a 500 that reveals nothing but the trace id, and logs it with that id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    logLines.length = 0;
    const response = await request('/fail/unknown', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: 'about:blank', status: 500, traceId });
    expect(JSON.stringify(problem)).not.toContain('secretInternalField');
    const logged = logLines.filter((line) => line['level'] === 'error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ message: 'request failed', traceId, path: '/fail/unknown', status: 500 });
    expect(JSON.stringify(logged[0])).toContain('secretInternalField');
  });

  it('does not log a refused request as an error of the service', async () => {
    logLines.length = 0;
    await request('/fail/validation');
    await request('/fail/not-found');
    expect(logLines.filter((line) => line['level'] === 'error')).toEqual([]);
  });

  it('answers a body that is not JSON, or not the expected shape, with a 400 naming the field', async () => {
    const post = (body: string) => request('/api/mappings', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const notJson = await post('{"interviewId": ');
    expect(notJson.status).toBe(400);
    expect((await problemOf(notJson))['errors']).toEqual([{ path: '', message: 'is not JSON' }]);
    const wrongShape = await post('{"interviewId": 7, "jobIds": []}');
    expect(wrongShape.status).toBe(400);
    const paths = ((await problemOf(wrongShape))['errors'] as { path: string }[]).map((issue) => issue.path);
    expect(paths.sort()).toEqual(['interviewId', 'jobIds']);
    const fine = await post('{"interviewId": "iv1", "jobIds": ["j1"]}');
    expect(fine.status).toBe(200);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await request('/no/such/route', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ status: 404, detail: 'No route for DELETE /no/such/route', instance: '/no/such/route' });
  });

  it('is alive before it is ready: /healthz answers, /readyz says it has not started', async () => {
    expect((await request('/healthz')).status).toBe(200);
    const response = await request('/readyz');
    expect(response.status).toBe(503);
    expect(await problemOf(response)).toMatchObject({ type: 'urn:srw:problem:not-ready', detail: 'the service is not started' });
  });
});

describe('a service’s stop', () => {
  it('stops its consumers and its companions at once: a slow one does not wait for the other', async () => {
    const adapters = await memoryAdapters();
    const consumerStopping = createGate();
    const companionStopping = createGate();
    const bus = new Proxy(adapters.bus, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (property !== 'consume') return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        return async (options: Parameters<typeof target.consume>[0]) => {
          const consumer = await target.consume(options);
          // Each waits for the other to have begun: one after the other, the stop never ends.
          return { stop: async () => (consumerStopping.open(), await companionStopping.wait(), await consumer.stop()) };
        };
      },
    });
    const stopping = await createService(
      {
        name: 'stop-test',
        configSchema: serviceConfigSchema,
        topics: [{ topic: 'stop-test.v1', partitions: 1 }],
        consumers: () => [{ groupId: 'stop-test', topics: ['stop-test.v1'], handle: async () => undefined }],
        companions: () => [{ name: 'a companion', start: async () => undefined, stop: async () => (companionStopping.open(), await consumerStopping.wait()) }],
      },
      { env: {}, logger, adapters: { ...adapters, bus } },
    );
    await stopping.start();
    await stopping.stop();
    expect(consumerStopping.isOpen && companionStopping.isOpen).toBe(true);
  });
});
