import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { context, ROOT_CONTEXT, SpanKind, trace, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createEvent, messageHeaders, streams, topicForCategory, type Category, type EventMessage } from '@srw/contracts';
import { openBus, type BusConfig } from '@srw/bus/testing';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { announceSkip, eventually, startTestTracing, type TestTracing } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { appendEvents } from './event-append';
import { consumeEvents } from './event-consumer';
import { startRelay } from './relay';

const dir = mkdtempSync(join(tmpdir(), 'trace-propagation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const buses: [string, string, () => BusConfig][] = [
  ['embedded bus', 'embedded', () => ({ kind: 'embedded', path: join(dir, `bus-${randomUUID()}.sqlite`) })],
];
if (brokers?.length) buses.push([`Kafka (${brokers.join(',')})`, 'kafka', () => ({ kind: 'kafka', brokers })]);
else announceSkip('trace propagation on Kafka', 'KAFKA_BROKERS not set and no container runtime');

let tracing: TestTracing;
beforeAll(() => {
  tracing = startTestTracing('trace-propagation');
});
afterAll(() => tracing.stop());

/** What a handler saw, recorded to assert afterwards (a throwing handler would only be retried). */
interface Seen {
  active: SpanContext | undefined;
  headerTraceparent: string | undefined;
  event: EventMessage;
}

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

describe.each(buses)('one trace from an append to every consumer, on the %s', (_name, system, busConfig) => {
  it('links root → append → send → process (two groups) → append → send → process', async () => {
    const run = randomUUID().slice(0, 8);
    const tenant = `t${run}`;
    // Topics of this run only: nothing else published there, so every span on them is this chain's.
    const topicFor = (category: Category) => `${topicForCategory(category)}.trace-${run}`;
    const mappingTopic = topicFor('interviewMapping');
    const inviteTopic = topicFor('invite');
    const store = await SqliteEventStore.open({ path: join(dir, `events-${run}.sqlite`), pollIntervalMs: 20 });
    const bus = await openBus(busConfig());
    await bus.ensureTopics([
      { topic: mappingTopic, partitions: 1 },
      { topic: inviteTopic, partitions: 1 },
    ]);

    const seen = { projector: [] as Seen[], audit: [] as Seen[], dispatcher: [] as Seen[] };
    const record = (into: Seen[], event: EventMessage, headers: Record<string, string>) =>
      into.push({ active: trace.getActiveSpan()?.spanContext(), headerTraceparent: headers[messageHeaders.traceparent], event });
    const inviteStream = streams.invite(tenant, 'iv1', 'c1');
    const inviteEventId = randomUUID();
    const groups = { projector: `stage-projector-${run}`, audit: `audit-${run}`, dispatcher: `invite-dispatcher-${run}` };

    const consumers = [
      // The first consumer reacts with an append of its own, which must continue the same trace.
      await consumeEvents(bus, {
        groupId: groups.projector,
        topics: [mappingTopic],
        handle: async (event, raw) => {
          record(seen.projector, event, raw.headers);
          const invite = createEvent(
            'InviteRequested',
            { interviewId: 'iv1', candidateId: 'c1', jobId: 'j1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' },
            { tenantId: tenant, correlationId: event.metadata.correlationId, causationId: event.id, observedAt: new Date().toISOString() },
          );
          await appendEvents(store, inviteStream, [{ event: invite, id: inviteEventId }], { expectedRevision: 'no_stream' });
        },
      }),
      await consumeEvents(bus, { groupId: groups.audit, topics: [mappingTopic], handle: async (event, raw) => void record(seen.audit, event, raw.headers) }),
      await consumeEvents(bus, {
        groupId: groups.dispatcher,
        topics: [inviteTopic],
        handle: async (event, raw) => void record(seen.dispatcher, event, raw.headers),
      }),
    ];
    // Each app relays the categories it owns: config-api the mapping, stage-projector the invite.
    const relays = [
      startRelay({ store, bus, categories: ['interviewMapping'], subscriptionId: 'config-api', topicFor }),
      startRelay({ store, bus, categories: ['invite'], subscriptionId: 'stage-projector', topicFor }),
    ];

    const stopAll = async () => {
      await Promise.all(relays.map((relay) => relay.stop()));
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await bus.close();
      await store.close();
    };
    onTestFinished(stopAll);

    const root = trace.getTracer('test').startSpan('connect interview');
    const mappingEvent = createEvent(
      'InterviewJobsConnected',
      { interviewId: 'iv1', jobs: [{ jobId: 'j1', triggerStages: [{ status: 'INTERVIEW', subStatus: null }], backfill: false }], appliedBy: 'admin' },
      { tenantId: tenant, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() },
    );
    await context.with(trace.setSpan(ROOT_CONTEXT, root), () =>
      appendEvents(store, streams.interviewMapping(tenant, 'iv1'), [{ event: mappingEvent }]),
    );
    root.end();

    // The dispatcher's process span ends after its handler: once it is exported, the chain is complete.
    const spans = await eventually(
      async () => {
        const finished = await tracing.spans();
        const done = finished.some((span) => span.attributes['messaging.consumer.group.name'] === groups.dispatcher);
        return done && seen.audit.length > 0 && finished;
      },
      { what: 'the invite to be processed by the dispatcher and the mapping by the audit group' },
    );

    const traceId = root.spanContext().traceId;
    const named = (name: string, kind: SpanKind, where: (span: ReadableSpan) => boolean = () => true) =>
      spans.filter((span) => span.name === name && span.kind === kind && where(span));
    const ofGroup = (group: string) => (span: ReadableSpan) => span.attributes['messaging.consumer.group.name'] === group;
    const appendMapping = named('append interviewMapping', SpanKind.INTERNAL, (s) => s.attributes['srw.stream'] === streams.interviewMapping(tenant, 'iv1'));
    const sendMapping = named(`send ${mappingTopic}`, SpanKind.PRODUCER);
    const processProjector = named(`process ${mappingTopic}`, SpanKind.CONSUMER, ofGroup(groups.projector));
    const processAudit = named(`process ${mappingTopic}`, SpanKind.CONSUMER, ofGroup(groups.audit));
    const appendInvite = named('append invite', SpanKind.INTERNAL, (s) => s.attributes['srw.stream'] === inviteStream);
    const sendInvite = named(`send ${inviteTopic}`, SpanKind.PRODUCER);
    const processDispatcher = named(`process ${inviteTopic}`, SpanKind.CONSUMER, ofGroup(groups.dispatcher));

    // Delivery is at least once: a redelivery adds spans, each of which must still sit in the chain.
    const chain = { appendMapping, sendMapping, processProjector, processAudit, appendInvite, sendInvite, processDispatcher };
    for (const [step, found] of Object.entries(chain)) expect(found.length, step).toBeGreaterThan(0);
    const childrenOf = (parents: ReadableSpan[], children: ReadableSpan[]) =>
      children.every((child) => parents.some((parent) => child.parentSpanContext?.spanId === parent.spanContext().spanId));
    expect(appendMapping.every((span) => span.parentSpanContext?.spanId === root.spanContext().spanId)).toBe(true);
    expect(childrenOf(appendMapping, sendMapping)).toBe(true);
    expect(childrenOf(sendMapping, processProjector)).toBe(true);
    expect(childrenOf(sendMapping, processAudit)).toBe(true);
    expect(childrenOf(processProjector, appendInvite)).toBe(true);
    expect(childrenOf(appendInvite, sendInvite)).toBe(true);
    expect(childrenOf(sendInvite, processDispatcher)).toBe(true);
    expect(Object.values(chain).flat().map((span) => span.spanContext().traceId)).toEqual(Object.values(chain).flat().map(() => traceId));

    // What travelled: the append's context in the metadata, the send span's in the headers.
    const [mappingSeen] = seen.projector;
    expect(mappingSeen!.event.metadata.traceparent).toBe(traceparentOf(appendMapping[0]!));
    expect(sendMapping.map(traceparentOf)).toContain(mappingSeen!.headerTraceparent);
    expect(processProjector.map((span) => span.spanContext().spanId)).toContain(mappingSeen!.active?.spanId);
    const [inviteSeen] = seen.dispatcher;
    expect(inviteSeen!.event.id).toBe(inviteEventId);
    expect(appendInvite.map(traceparentOf)).toContain(inviteSeen!.event.metadata.traceparent);
    expect(sendInvite.map(traceparentOf)).toContain(inviteSeen!.headerTraceparent);
    expect(processDispatcher.map((span) => span.spanContext().spanId)).toContain(inviteSeen!.active?.spanId);
    expect(seen.audit.every((s) => s.active?.traceId === traceId)).toBe(true);

    // The messaging conventions' attributes.
    expect(sendInvite[0]!.attributes).toMatchObject({
      'messaging.system.name': system,
      'messaging.system': system,
      'messaging.destination.name': inviteTopic,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.operation': 'publish',
      'messaging.message.id': inviteEventId,
    });
    expect(processDispatcher[0]!.attributes).toMatchObject({
      'messaging.system.name': system,
      'messaging.destination.name': inviteTopic,
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.consumer.group.name': groups.dispatcher,
      'messaging.message.id': inviteEventId,
    });
    expect(processDispatcher[0]!.links.map((link) => link.context.spanId)).toEqual([processDispatcher[0]!.parentSpanContext?.spanId]);
  });
});
