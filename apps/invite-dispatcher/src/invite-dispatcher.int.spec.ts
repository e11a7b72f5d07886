import { randomUUID } from 'node:crypto';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { createEvent, dlqTopic, streams, topics, type InviteEvent } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { appendEvents, consumeEvents, startRelay, topicSpecs } from '@srw/runtime';
import { announceSkip, eventually, seededRandom } from '@srw/test-support';
import { sandboxOrganisation, startWilloSandbox, type WilloSandbox } from '@srw/willo/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInviteDispatcher } from './invite-dispatcher';
import type { CandidateContact } from './ports';

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const stacks: [string, () => Promise<Bus>][] = [['embedded bus', () => SqliteBus.open({ pollIntervalMs: 20 })]];
if (brokers?.length) stacks.push([`Kafka (${brokers.join(',')})`, () => KafkaBus.open({ brokers, clientId: 'invite-dispatcher-spec' })]);
else announceSkip('invite-dispatcher on Kafka', 'KAFKA_BROKERS not set and no container runtime');

const random = seededRandom('invite-dispatcher faults');
let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0, seed: random.seed });
});
afterAll(() => sandbox.close());

describe.each(stacks)('invite-dispatcher on the %s with the Willo sandbox injecting faults', (_name, openBus) => {
  it('invites each requested candidate exactly once through 5xx before and after the invite, 429s and redeliveries; a candidate without email goes to the .dlq', async () => {
    const runId = randomUUID().slice(0, 8);
    const tenantId = `acme-${runId}`;
    const { client, interviewKey, organisationId } = sandboxOrganisation(sandbox, { retry: { inviteSettleMs: 0, maxThrottleWaitMs: 2_000 } });
    const candidates = Array.from({ length: 12 }, (_, i) => `cand${i}`);
    const contacts = new Map<string, CandidateContact>(candidates.map((id) => [id, { firstName: 'Ada', lastName: id, email: `${id}-${runId}@example.com` }]));
    contacts.set('nomail', { firstName: 'No', lastName: 'Mail', email: null });

    const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    const bus = await openBus();
    await bus.ensureTopics(topicSpecs);
    const dispatcher = createInviteDispatcher(
      { eventStore, contacts: { contactOf: async (_tenant, candidateId) => contacts.get(candidateId) }, willoFor: () => client },
      { now: () => Date.now() },
      { groupId: `invite-dispatcher-spec-${runId}`, maxDeliveries: 12, retryBackoffMs: 10, maxAttempts: 12 },
    );
    const dead: string[] = [];
    const toStop: { stop(): Promise<unknown> }[] = [];
    try {
      // 5xx before the handler (nothing happened) and after it (the invite exists, the caller cannot tell), and throttling.
      sandbox.control.injectFault({ kind: 'error', rate: 0.3, method: 'POST', pathPrefix: '/participants/' });
      sandbox.control.injectFault({ kind: 'error-after', rate: 0.3, method: 'POST', pathPrefix: '/participants/' });
      sandbox.control.injectFault({ kind: 'error', rate: 0.15, method: 'GET', pathPrefix: '/participants/' });
      sandbox.control.injectFault({ kind: 'throttle', rate: 0.1, times: 3, pathPrefix: '/participants/' });
      for (const options of dispatcher.consumers) toStop.push(await consumeEvents(bus, { ...options, onDeadLetter: (m) => void dead.push(m.key) }));
      const dlq = await bus.consume({ groupId: `dlq-${runId}`, topics: [dlqTopic(topics.invite)], handle: async (m) => void dead.push(`dlq:${m.key}`) });
      toStop.push(dlq);
      // stage-projector's relay, and a second one publishing every request again (a redelivery).
      for (const subscriptionId of ['projector', 'projector-again']) toStop.push(startRelay({ store: eventStore, bus, categories: ['invite'], subscriptionId }));

      for (const candidateId of [...candidates, 'nomail']) {
        const event = createEvent(
          'InviteRequested',
          { interviewId: interviewKey, candidateId, jobId: 'job1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' },
          { tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() },
        );
        await appendEvents(eventStore, streams.invite(tenantId, interviewKey, candidateId), [{ event }], { expectedRevision: 'no_stream' });
      }

      const historyOf = async (candidateId: string) =>
        (await eventStore.readStream(streams.invite(tenantId, interviewKey, candidateId))).map((e) => ({ type: e.type, data: e.data }) as Pick<InviteEvent, 'type' | 'data'>);
      for (const candidateId of candidates) {
        const history = await eventually(async () => {
          const events = await historyOf(candidateId);
          return events.some((e) => e.type === 'InviteSent') ? events : undefined;
        }, { what: `${candidateId}'s InviteSent`, timeoutMs: 60_000 });
        expect(history.filter((e) => e.type === 'InviteSent')).toHaveLength(1);
        expect(history.filter((e) => e.type === 'InviteAbandoned')).toEqual([]);
      }
      const noMail = await eventually(async () => (await historyOf('nomail')).find((e) => e.type === 'InviteFailed'), { what: 'the no-email failure' });
      expect(noMail.data).toMatchObject({ reason: 'no_email', retryable: false, attempt: 1 });
      await eventually(() => dead.includes(`dlq:${tenantId}:nomail`), { what: 'the no-email request in the .dlq' });

      // Exactly one invitation per candidate, as the sandbox recorded them, whatever was retried.
      const invited = sandbox.control.invitations(organisationId).map((i) => i.email);
      expect(invited.toSorted()).toEqual(candidates.map((id) => contacts.get(id)!.email).toSorted());
      const injected = sandbox.control.requests().filter((r) => r.organisationId === organisationId && r.faults.length > 0).length;
      console.info(`invite-dispatcher spec: ${invited.length} invitations, ${injected} requests with an injected fault`);
    } finally {
      sandbox.control.clearFaults();
      for (const part of toStop.reverse()) await part.stop();
      await bus.close();
      await eventStore.close();
    }
  });
});
