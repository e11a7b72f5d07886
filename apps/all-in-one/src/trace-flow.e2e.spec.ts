import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { streams, topics } from '@srw/contracts';
import { metricNames } from '@srw/observability';
import { eventually, startTestTracing } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenant } from './demo-enable.routes';
import { enableThroughConsent, startProductInOneProcess, type ProductInOneProcess } from './testing/product-driver';

// Before the service is built: its spans and metrics go to memory.
const tracing = startTestTracing('sr-willo-all-in-one');

/** The chain of spans from `span` up to its trace's root, root first. */
function chainOf(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const chain = [span];
  for (let parent = span.parentSpanContext?.spanId; parent; parent = byId.get(parent)?.parentSpanContext?.spanId) {
    const found = byId.get(parent);
    if (!found) throw new Error(`span ${parent}, parent in the chain of ${span.name}, was not exported`);
    chain.unshift(found);
  }
  return chain;
}

const kindNames = { [SpanKind.INTERNAL]: 'INTERNAL', [SpanKind.SERVER]: 'SERVER', [SpanKind.CLIENT]: 'CLIENT', [SpanKind.PRODUCER]: 'PRODUCER', [SpanKind.CONSUMER]: 'CONSUMER' };
const described = (chain: readonly ReadableSpan[]) => chain.map((span) => `${kindNames[span.kind]} ${span.name}`);

/**
 * One trace per story, asserted on the spans an in-memory exporter keeps: the whole product in one
 * process on the embedded adapters, a candidate moved in the SR sandbox (its webhook) → observation
 * appended → relay → stage-projector → InviteRequested → relay → invite-dispatcher → Willo's
 * `POST /participants/`; then the candidate completes the interview → Willo's `new_response` webhook
 * → ResponseReceived → relay → response-writeback → SR's `POST /messages/shares`.
 */
describe('traces across the hops, all-in-one on the embedded adapters', () => {
  let product: ProductInOneProcess;

  beforeAll(async () => {
    product = await startProductInOneProcess({ name: 'trace-flow', sandbox: { jobs: 3, candidates: 20 } });
  });

  afterAll(async () => {
    await product?.stop();
    await tracing.stop();
  });

  it('links the SR webhook of a move to the Willo invite call, and the Willo response webhook to the SR note call', { timeout: 180_000 }, async () => {
    const { allInOne, service, api, logLines } = product;
    const { sr, willo } = allInOne.sandboxes();
    const srTenant = sr.control.tenant();

    // A job open in SR with a candidate (ASCII email: the Willo sandbox refuses others) outside its INTERVIEW stages.
    const open = new Set(['CREATED', 'SOURCING', 'INTERVIEW', 'OFFER']);
    const ascii = (candidateId: string) => /^[\x21-\x7e]+$/.test(srTenant.candidates.get(candidateId)?.email ?? '');
    const movable = (jobId: string) =>
      [...srTenant.applications.values()].filter((a) => a.jobId === jobId && ['LEAD', 'NEW', 'IN_REVIEW'].includes(a.status) && ascii(a.candidateId)).map((a) => a.candidateId);
    const job = [...srTenant.jobs.values()].find((j) => open.has(j.status) && movable(j.id).length > 0);
    if (!job) throw new Error('the seeded SR sandbox has no open job with a candidate to move');
    const candidateId = movable(job.id)[0]!;
    const candidate = srTenant.candidates.get(candidateId)!;

    await enableThroughConsent(api, sr);

    // SR's webhook names an application only: a candidate is observed (their email, sealed) by a sync of
    // a mapped trigger stage. So the candidate is first observed in the stage they are in, mapped to a
    // second interview; the job's INTERVIEW stage is the trigger of the interview the story is about.
    const stages = await eventually(
      async () => {
        const { data } = await api.GET('/jobs/{jobId}/stages', { params: { path: { jobId: job.id } } });
        return data?.stages.some((s) => s.status === 'INTERVIEW') ? data.stages : undefined;
      },
      { what: `the stages of job ${job.id}`, timeoutMs: 60_000 },
    );
    const application = [...srTenant.applications.values()].find((a) => a.candidateId === candidateId && a.jobId === job.id)!;
    const current = stages.find((s) => s.status === application.status && (s.subStatus ?? null) === (application.subStatus ?? null));
    if (!current) throw new Error(`job ${job.id} lists no stage ${application.status}/${application.subStatus ?? ''}`);
    const trigger = stages.find((s) => s.status === 'INTERVIEW')!;
    const [interviewId, observingInterviewId] = willo.interviewKeys as [string, string];
    const mapJob = async (interview: string, stage: { status: string; subStatus?: string | null }) => {
      const mapped = await api.PUT('/interviews/{interviewId}/mapping', {
        params: { path: { interviewId: interview } },
        body: { jobs: [{ jobId: job.id, triggerStages: [{ status: stage.status, subStatus: stage.subStatus ?? null }] }] },
      });
      expect(mapped.response.status).toBe(200);
    };
    await mapJob(interviewId, trigger);
    await mapJob(observingInterviewId, current);
    // Mapping events are handled in order: once the second is projected, the first's backfill (nobody
    // in INTERVIEW yet) is done, and the move below is decided by its observation alone.
    await eventually(async () => (await api.GET('/interviews/{interviewId}/mapping', { params: { path: { interviewId: observingInterviewId } } })).data?.revision === 0 || undefined, {
      what: 'the second mapping to be projected',
      timeoutMs: 60_000,
    });
    expect((await api.POST('/integrations/{integrationId}/sync', { params: { path: { integrationId: 'smartrecruiters' } } })).response.status).toBe(202);
    await eventually(async () => (await service.adapters.eventStore.readStream(streams.srCandidate(demoTenant, candidateId))).some((e) => e.type === 'CandidateObserved') || undefined, {
      what: 'the candidate to be observed by the sync',
      timeoutMs: 60_000,
    });

    // The move, told by SR's webhook; the invitation reaches Willo.
    const moved = sr.control.moveCandidate({ candidateId, jobId: job.id, status: 'INTERVIEW', ...(trigger.subStatus ? { subStatus: trigger.subStatus } : {}) });
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const invitation = await eventually(() => willo.control.invitations().find((i) => i.interview === interviewId && i.email?.toLowerCase() === candidate.email.toLowerCase()), {
      what: 'the invitation in the Willo sandbox',
      timeoutMs: 60_000,
    });
    const observed = (await service.adapters.eventStore.readStream(streams.srApplication(demoTenant, candidateId, job.id))).map((e) => e.data as { source: string; to: { status: string } });
    expect(observed.find((d) => d.to.status === 'INTERVIEW')?.source).toBe('webhook');

    // The candidate completes it; the note reaches SR.
    willo.control.completeInterview(invitation.participantKey);
    await eventually(() => srTenant.messages.some((m) => !m.deleted && m.applications.some((a) => a.candidateId === candidateId)) || undefined, {
      what: 'the note on the candidate in SR',
      timeoutMs: 60_000,
    });
    const inviteStream = streams.invite(demoTenant, interviewId, candidateId);
    await eventually(async () => (await service.adapters.eventStore.readStream(inviteStream)).some((e) => e.type === 'NoteWritten') || undefined, { what: 'NoteWritten', timeoutMs: 60_000 });

    const spans = await eventually(
      async () => {
        const all = await tracing.spans();
        const done = all.some((s) => s.kind === SpanKind.CLIENT && s.name === 'POST /messages/shares' && s.attributes['http.response.status_code'] === 201);
        return done ? all : undefined;
      },
      { what: 'the span of the note call to be exported' },
    );

    // 1. The move: SR's webhook request → … → the Willo invite call, one trace.
    const inviteStreamOfMove = streams.invite(demoTenant, interviewId, candidateId);
    const moveChain = spans
      .filter((s) => s.kind === SpanKind.CLIENT && s.name === 'POST /participants/' && s.attributes['http.response.status_code'] === 201)
      .map((s) => chainOf(s, spans))
      .find((chain) => chain.some((s) => s.attributes['srw.stream'] === inviteStreamOfMove));
    if (!moveChain) throw new Error(`no successful Willo POST /participants/ span continues the trace of ${inviteStreamOfMove}`);
    expect(described(moveChain)).toEqual([
      'SERVER POST /sr/webhooks/:tenant',
      'INTERNAL append srApplication',
      `PRODUCER send ${topics.observations}`,
      `CONSUMER process ${topics.observations}`,
      'INTERNAL append invite',
      `PRODUCER send ${topics.invite}`,
      `CONSUMER process ${topics.invite}`,
      'CLIENT POST /participants/',
    ]);
    expect(new Set(moveChain.map((s) => s.spanContext().traceId)).size).toBe(1);
    const [webhook, appendObservation, , projectorSpan, appendInvite, , dispatcherSpan] = moveChain;
    expect(webhook!.attributes).toMatchObject({ 'http.route': '/sr/webhooks/:tenant', 'srw.tenant_id': demoTenant, 'http.response.status_code': 202 });
    expect(appendObservation!.attributes['srw.stream']).toBe(streams.srApplication(demoTenant, candidateId, job.id));
    expect(projectorSpan!.attributes).toMatchObject({ 'srw.tenant_id': demoTenant, 'srw.event_type': 'ApplicationStageObserved', 'messaging.consumer.group.name': expect.stringMatching(/^trace-flow-.*\.observations$/) });
    expect(appendInvite!.attributes['srw.stream']).toBe(inviteStream);
    expect(dispatcherSpan!.attributes).toMatchObject({ 'srw.event_type': 'InviteRequested', 'messaging.consumer.group.name': expect.stringMatching(/^trace-flow-invites-/) });
    // The webhook intake read the application's history from SR within the same trace.
    expect(spans.some((s) => s.parentSpanContext?.spanId === webhook!.spanContext().spanId && s.kind === SpanKind.CLIENT && s.name === 'GET /candidates/{candidateId}/jobs/{jobId}/status/history')).toBe(true);

    // 2. The response: Willo's webhook request → … → the SR note call, one trace.
    const noteCall = spans.find((s) => s.kind === SpanKind.CLIENT && s.name === 'POST /messages/shares' && s.attributes['http.response.status_code'] === 201)!;
    const responseChain = chainOf(noteCall, spans);
    expect(described(responseChain)).toEqual([
      'SERVER POST /webhooks/willo/:tenantId',
      'INTERNAL append invite',
      `PRODUCER send ${topics.invite}`,
      `CONSUMER process ${topics.invite}`,
      'CLIENT POST /messages/shares',
    ]);
    expect(new Set(responseChain.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(responseChain[0]!.attributes['srw.tenant_id']).toBe(demoTenant);
    expect(responseChain[3]!.attributes).toMatchObject({ 'srw.event_type': 'ResponseReceived', 'srw.tenant_id': demoTenant });
    expect(noteCall.attributes).toMatchObject({ 'peer.service': 'smartrecruiters', 'srw.credential_id': `tenant:${demoTenant}` });
    expect(responseChain[0]!.spanContext().traceId).not.toBe(moveChain[0]!.spanContext().traceId);

    // No span names the candidate: ids only, never their name or email.
    const attributes = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    for (const pii of [candidate.email, candidate.firstName, candidate.lastName].filter((value) => value && value.length > 2)) expect(attributes).not.toContain(pii);

    // The log lines written in those traces carry the trace id and span id; those written by the consumers name the tenant too.
    const traced = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['traceId'] === moveChain[0]!.spanContext().traceId || line['traceId'] === responseChain[0]!.spanContext().traceId);
    expect(traced.length).toBeGreaterThan(0);
    for (const line of traced) expect(line).toMatchObject({ spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const consumerSpanIds = new Set([...moveChain, ...responseChain].filter((s) => s.kind === SpanKind.CONSUMER).map((s) => s.spanContext().spanId));
    for (const line of traced.filter((l) => consumerSpanIds.has(l['spanId'] as string))) expect(line['tenantId']).toBe(demoTenant);
    for (const line of logLines) expect(line).not.toContain(candidate.email);

    // The metrics saw the same story.
    const total = async (name: string) => (await tracing.metricPoints(name)).filter((p) => p.attributes['srw.tenant_id'] === demoTenant).reduce((sum, p) => sum + p.value, 0);
    // At least the move's invite (the observing interview's may still be on its way).
    expect(await total(metricNames.invitesSent)).toBeGreaterThanOrEqual(1);
    expect(await total(metricNames.notesWritten)).toBe(1);
    expect(await total(metricNames.observationsAppended)).toBeGreaterThan(0);
    const srCalls = (await tracing.metricPoints(metricNames.srCalls)).filter((p) => p.attributes['srw.credential_id'] === `tenant:${demoTenant}`);
    expect(srCalls.reduce((sum, p) => sum + p.value, 0)).toBeGreaterThan(0);
    expect((await tracing.metricPoints(metricNames.syncLag)).map((p) => p.attributes['srw.tenant_id'])).toContain(demoTenant);
  });
});
