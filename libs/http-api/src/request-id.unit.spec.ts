import { createLogger } from '@srw/observability';
import { describe, expect, it } from 'vitest';
import { requestId, type RequestIdVariables } from './request-id';
import { problemApp } from './testing/problem-app';

const lines: Record<string, unknown>[] = [];
const logger = createLogger({ service: 'test' }, { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
let generated = 0;
const app = problemApp<{ Variables: RequestIdVariables }>(logger);
app.use(requestId({ generate: () => `generated-${++generated}` }));
app.get('/hello', async (c) => {
  await Promise.resolve();
  logger.info('handling');
  return c.json({ requestId: c.var.requestId });
});
app.get('/boom', () => {
  throw new Error('bug');
});

describe('requestId', () => {
  it('keeps a well-formed incoming X-Request-Id, answers it and puts it on the log lines of the request', async () => {
    lines.length = 0;
    const response = await app.request('/hello', { headers: { 'x-request-id': 'frontend-42.a:b=c' } });
    expect(response.headers.get('x-request-id')).toBe('frontend-42.a:b=c');
    expect(await response.json()).toEqual({ requestId: 'frontend-42.a:b=c' });
    expect(lines).toEqual([expect.objectContaining({ message: 'handling', requestId: 'frontend-42.a:b=c' })]);
  });

  it.each([
    ['missing', undefined],
    ['with spaces', 'a b'],
    ['with other characters', 'a/b<script>'],
    ['too long', 'a'.repeat(129)],
  ])('makes a new id when the incoming one is %s', async (_case, incoming) => {
    const response = await app.request('/hello', incoming === undefined ? {} : { headers: { 'x-request-id': incoming } });
    expect(response.headers.get('x-request-id')).toMatch(/^generated-\d+$/);
  });

  it('answers the id on errors too, and the error log line carries it', async () => {
    lines.length = 0;
    const response = await app.request('/boom', { headers: { 'x-request-id': 'req-500' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req-500');
    expect(lines).toEqual([expect.objectContaining({ level: 'error', requestId: 'req-500' })]);
  });

  it('answers the id on unknown routes', async () => {
    const response = await app.request('/nowhere', { headers: { 'x-request-id': 'req-404' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-404');
  });

  it('makes a UUID by default', async () => {
    const plain = problemApp();
    plain.use(requestId());
    plain.get('/', (c) => c.text('ok'));
    expect((await plain.request('/')).headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
