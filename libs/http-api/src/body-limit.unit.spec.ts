import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit';
import { problemApp, problemOf } from './testing/problem-app';

const app = problemApp();
app.use(limitBody({ maxBytes: 100 }));
app.post('/mappings', async (c) => c.json({ received: (await c.req.text()).length }));

/** A body sent in chunks, without Content-Length (Transfer-Encoding: chunked on the wire). */
function chunked(chunks: string[]): RequestInit {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return { method: 'POST', body, headers: { 'transfer-encoding': 'chunked' }, duplex: 'half' } as RequestInit;
}

describe('limitBody', () => {
  it('lets a body up to the limit through', async () => {
    const response = await app.request('/mappings', { method: 'POST', body: 'x'.repeat(100) });
    expect(await response.json()).toEqual({ received: 100 });
  });

  it('refuses a larger body by its Content-Length with a 413 problem', async () => {
    const response = await app.request('/mappings', { method: 'POST', body: 'x'.repeat(101) });
    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ status: 413, title: 'Content Too Large', detail: 'the request body is larger than 100 bytes' });
  });

  it('refuses a chunked body without Content-Length once it passes the limit, and reads a small one whole', async () => {
    const large = await app.request('/mappings', chunked(['x'.repeat(60), 'x'.repeat(60)]));
    expect(large.status).toBe(413);
    expect(await problemOf(large)).toMatchObject({ status: 413 });
    const small = await app.request('/mappings', chunked(['x'.repeat(30), 'x'.repeat(30)]));
    expect(await small.json()).toEqual({ received: 60 });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => limitBody({ maxBytes: 0 })).toThrow(RangeError);
  });
});
