import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { unlimitedRateLimiter } from '@srw/http-kit';
import { startTestTracing } from '@srw/test-support';
import { afterAll, expect, it } from 'vitest';
import { createWilloClient } from './willo-client';

const tracing = startTestTracing();
afterAll(() => tracing.stop());

it('sends each call in a CLIENT span named by its template, with its W3C context in the headers and no key, email or id in its attributes', async () => {
  const sent: Headers[] = [];
  const answers = [
    new Response('{"detail":"unavailable"}', { status: 503, headers: { 'content-type': 'application/json' } }),
    new Response(JSON.stringify({ key: 'p1', interview: 'i1', email: 'ada@example.com', stage: 'invited' }), { status: 200, headers: { 'content-type': 'application/json' } }),
  ];
  const client = createWilloClient({
    apiKey: 'key-123',
    baseUrl: 'https://willo.test/api/integrations/v2',
    fetch: (async (_input: unknown, init?: RequestInit) => {
      sent.push(new Headers(init?.headers));
      return answers.shift()!;
    }) as typeof fetch,
    rateLimiter: unlimitedRateLimiter,
    clock: { now: () => 0, sleep: async () => undefined },
    random: () => 0.5,
  });
  const parent = trace.getTracer('test').startSpan('process invite.events.v1');
  await context.with(trace.setSpan(ROOT_CONTEXT, parent), () => client.participants.get('p1'));
  parent.end();

  const spans = (await tracing.spans()).filter((span) => span.kind === SpanKind.CLIENT);
  expect(spans.map((span) => span.name)).toEqual(['GET /participants/{key}/', 'GET /participants/{key}/']);
  for (const [index, span] of spans.entries()) {
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(sent[index]!.get('traceparent')).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.template': '/participants/{key}/', 'server.address': 'willo.test', 'server.port': 443, 'peer.service': 'willo' });
    expect(JSON.stringify(span.attributes)).not.toMatch(/key-123|ada@|p1/);
  }
  expect(spans[0]!.attributes['http.response.status_code']).toBe(503);
  expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
  expect(spans[1]!.attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
});
