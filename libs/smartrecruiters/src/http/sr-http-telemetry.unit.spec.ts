import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_CREDENTIAL_ID, metricNames } from '@srw/observability';
import { startTestTracing } from '@srw/test-support';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import { stubSrHttp } from '../testing/stub-sr-http';

const tracing = startTestTracing();
afterAll(() => tracing.stop());

it('sends each attempt in a CLIENT span named by the route, its W3C context in the headers, and counts calls and 429s per credential', async () => {
  const sent: Headers[] = [];
  const answers = [new Response('{}', { status: 429, headers: { 'retry-after': '0' } }), new Response('{"id":"abc"}', { status: 200 })];
  const http = stubSrHttp(
    (async (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers));
      return answers.shift()!;
    }) as unknown as typeof fetch,
    { credentialId: 'tenant:t-telemetry', retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } },
  );
  const parent = trace.getTracer('test').startSpan('consume');
  await context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
    http.send({ api: 'root', method: 'GET', path: '/candidates/abc', route: '/candidates/{candidateId}', schema: z.object({ id: z.string() }) }),
  );
  parent.end();

  const spans = (await tracing.spans()).filter((span) => span.kind === SpanKind.CLIENT);
  expect(spans.map((span) => span.name)).toEqual(['GET /candidates/{candidateId}', 'GET /candidates/{candidateId}']);
  const [throttled, answered] = spans as [(typeof spans)[0], (typeof spans)[0]];
  for (const [index, span] of spans.entries()) {
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(sent[index]!.get('traceparent')).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.template': '/candidates/{candidateId}', 'server.address': 'sr.test', 'peer.service': 'smartrecruiters', [ATTR_CREDENTIAL_ID]: 'tenant:t-telemetry' });
    // Neither the URL with its ids nor the bearer token reaches an attribute.
    expect(JSON.stringify(span.attributes)).not.toMatch(/abc|Bearer|token/);
  }
  expect(throttled.attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': '429' });
  expect(throttled.status.code).toBe(SpanStatusCode.ERROR);
  expect(answered.attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
  expect(answered.status.code).toBe(SpanStatusCode.UNSET);

  expect(await tracing.metricPoints(metricNames.srCalls)).toEqual(
    expect.arrayContaining([
      { attributes: { [ATTR_CREDENTIAL_ID]: 'tenant:t-telemetry', 'http.response.status_code': 429 }, value: 1 },
      { attributes: { [ATTR_CREDENTIAL_ID]: 'tenant:t-telemetry', 'http.response.status_code': 200 }, value: 1 },
    ]),
  );
  expect(await tracing.metricPoints(metricNames.srThrottled)).toEqual([{ attributes: { [ATTR_CREDENTIAL_ID]: 'tenant:t-telemetry' }, value: 1 }]);
});
