import { randomUUID } from 'node:crypto';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { createEvent, streams, type DomainEvent, type Stage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { appendEvents, consumeEvents, startRelay, topicSpecs } from '@srw/runtime';
import { announceSkip, eventually } from '@srw/test-support';
import { describe, expect, it } from 'vitest';
import { createStageProjector, type StageProjector } from './stage-projector';
import { inviteSkipId, inviteSkipsCollection, type InviteSkipView } from './triggers/invite-skips';

interface Stack {
  bus(): Promise<Bus>;
}

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const stacks: [string, Stack][] = [['embedded bus', { bus: () => SqliteBus.open({ pollIntervalMs: 20 }) }]];
if (brokers?.length) {
  // The read models stay embedded here: the guarantee under test is the bus's redelivery against the
  // event store's "no stream", and a new group on the shared topics projects every earlier run's
  // messages first (thousands on a developer's broker), which FerretDB would take minutes over.
  stacks.push([`Kafka (${brokers.join(',')})`, { bus: () => KafkaBus.open({ brokers, clientId: 'trigger-detection-spec' }) }]);
} else {
  announceSkip('trigger detection on Kafka', 'KAFKA_BROKERS not set and no container runtime');
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
const interview: Stage = { status: 'INTERVIEW', subStatus: null };
const offer: Stage = { status: 'OFFER', subStatus: null };

function history(tenantId: string) {
  const meta = (minute: number) => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: at(minute) });
  const connect = (interviewId: string, jobId: string, minute: number, backfill = false): [string, DomainEvent] => [
    streams.interviewMapping(tenantId, interviewId),
    createEvent('InterviewJobsConnected', { interviewId, jobs: [{ jobId, triggerStages: [interview], backfill }], appliedBy: 'admin' }, meta(minute)),
  ];
  const move = (candidateId: string, jobId: string, from: Stage | null, to: Stage, changedOn: number, source: 'webhook' | 'audit' | 'poll'): [string, DomainEvent] => [
    streams.srApplication(tenantId, candidateId, jobId),
    createEvent('ApplicationStageObserved', { candidateId, jobId, from, to, changedOn: at(changedOn), source }, meta(changedOn + 1)),
  ];
  return { connect, move };
}

/** A stage-projector on its own read store and consumer groups, sharing the event store and the bus. */
async function startProjector(eventStore: EventStore, bus: Bus, readStore: ReadStore, groupIdPrefix: string) {
  const projector: StageProjector = createStageProjector({ readStore, eventStore }, { groupIdPrefix, clock: { now: () => Date.parse(at(59)) } });
  const consumers = await Promise.all(projector.consumers.map((options) => consumeEvents(bus, options)));
  const skips = await readStore.collection<InviteSkipView>(inviteSkipsCollection);
  return { projector, skips, stop: () => Promise.all(consumers.map((consumer) => consumer.stop())) };
}

describe.each(stacks)('trigger detection in stage-projector on the %s', (_name, stack) => {
  it('requests exactly one invite per interview and candidate through duplicate observations, redeliveries and a replay', async () => {
    const runId = randomUUID().slice(0, 8);
    const tenantId = `acme-${runId}`;
    const { connect, move } = history(tenantId);
    const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    const bus = await stack.bus();
    const readStore = await SqliteReadStore.open();
    const replayStore = await SqliteReadStore.open();
    const toStop: { stop(): Promise<unknown> }[] = [];
    try {
      await bus.ensureTopics(topicSpecs);
      const live = await startProjector(eventStore, bus, readStore, `trigger-spec-${runId}`);
      toStop.push(live);
      // The producers' relay (config-api's and sr-poller's), and a second one publishing every event
      // again: each message reaches the projector twice, as after a producer's crash.
      for (const subscriptionId of ['producers', 'producers-again']) {
        toStop.push(startRelay({ store: eventStore, bus, categories: ['srApplication', 'interviewMapping'], subscriptionId }));
      }

      // Two interviews on job1's INTERVIEW stage, applied at minute 10; one on job3, applied at minute 50.
      const mappingEventIds: Record<string, string> = {};
      for (const [stream, event] of [connect('iv1', 'job1', 10), connect('iv2', 'job1', 10), connect('iv3', 'job3', 50)]) {
        await appendEvents(eventStore, stream, [{ event }]);
        mappingEventIds[stream.split(':')[1]!] = (await eventStore.readStream(stream))[0]!.id;
      }
      const moves = [
        move('cand1', 'job1', { status: 'IN_REVIEW', subStatus: null }, interview, 20, 'webhook'),
        // The same move seen again by the audit feed and the poll: other events, same move.
        move('cand1', 'job1', { status: 'IN_REVIEW', subStatus: null }, interview, 20, 'audit'),
        move('cand1', 'job1', null, interview, 20, 'poll'),
        // Out and in again: still one invite.
        move('cand1', 'job1', interview, offer, 25, 'webhook'),
        move('cand1', 'job1', offer, interview, 30, 'webhook'),
        // Before iv1 and iv2 were applied: no backfill asked, so skipped with the reason.
        move('cand2', 'job1', null, interview, 5, 'poll'),
        // The marker, on cand1's key (so after every cand1 message): moved before iv3 was applied.
        move('cand1', 'job3', null, interview, 40, 'poll'),
      ];
      const appended: string[] = [];
      for (const [stream, event] of moves) {
        await appendEvents(eventStore, stream, [{ event }]);
        appended.push((await eventStore.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!.id);
      }
      const webhookMove = appended[0]!;
      const marker = appended.at(-1)!;

      const markerSkip = (store: typeof live.skips) =>
        eventually(async () => (await store.get(tenantId, inviteSkipId('iv3', 'cand1', marker)))?.data, { what: 'the marker skip' });
      expect(await markerSkip(live.skips)).toMatchObject({ reason: 'moved_before_mapping_applied', decidedOn: 'observation' });
      // Every cand1 message was handled before the marker; the redelivered marker comes after the first.
      await eventually(() => live.projector.triggerCounts.skipped >= 2 * 2 + 2 && live.projector.triggerCounts.alreadyRequested >= 2, {
        what: 'the redelivered messages handled',
      });

      const invitesOf = (interviewId: string, candidateId: string) => eventStore.readStream(streams.invite(tenantId, interviewId, candidateId));
      for (const interviewId of ['iv1', 'iv2']) {
        const invite = await eventually(async () => {
          const events = await invitesOf(interviewId, 'cand1');
          return events.length > 0 ? events : undefined;
        });
        expect(invite.map((e) => e.type)).toEqual(['InviteRequested']);
        expect(invite[0]!.data).toEqual({ interviewId, candidateId: 'cand1', jobId: 'job1', trigger: interview, reason: 'stage_entered' });
        // Caused by the first observation of the move, or by the mapping's catch-up when its consumer
        // found cand1 already in the stage (moved after the mapping was applied) before that observation.
        expect([webhookMove, mappingEventIds[interviewId]]).toContain(invite[0]!.metadata.causationId);
        expect(invite[0]!.metadata.observedAt).toBe(at(59));
      }
      expect(await invitesOf('iv1', 'cand2')).toEqual([]);
      const cand2Skip = await eventually(async () => (await live.skips.get(tenantId, inviteSkipId('iv1', 'cand2', appended[5]!)))?.data);
      expect(cand2Skip).toMatchObject({ reason: 'moved_before_mapping_applied', jobId: 'job1', status: 'INTERVIEW' });
      expect(await invitesOf('iv3', 'cand1')).toEqual([]);

      // A mapping with backfill applied after cand4 is in the stage: cand4 is invited, as a backfill.
      const [cand4Stream, cand4Move] = move('cand4', 'job4', null, interview, 30, 'poll');
      await appendEvents(eventStore, cand4Stream, [{ event: cand4Move }]);
      const readModels = await openReadModels(readStore);
      await eventually(() => readModels.collections.applications.get(tenantId, 'cand4:job4'), { what: "cand4's application" });
      const [iv4Stream, iv4Connected] = connect('iv4', 'job4', 45, true);
      await appendEvents(eventStore, iv4Stream, [{ event: iv4Connected }]);
      const backfilled = await eventually(async () => (await invitesOf('iv4', 'cand4'))[0]);
      expect(backfilled.data).toMatchObject({ reason: 'backfill', trigger: interview });

      // A replay: a new deployment reads every topic from the start into its own read models.
      const replay = await startProjector(eventStore, bus, replayStore, `trigger-spec-replay-${runId}`);
      toStop.push(replay);
      expect(await markerSkip(replay.skips)).toMatchObject({ reason: 'moved_before_mapping_applied' });
      await eventually(async () => (await replay.skips.get(tenantId, inviteSkipId('iv1', 'cand2', appended[5]!)))?.data, { what: 'the replayed cand2 skip' });
      await eventually(() => replay.projector.triggerCounts.alreadyRequested >= 3, { what: 'the replayed requests refused' });
      expect(replay.projector.triggerCounts.requested).toBe(0);

      for (const [interviewId, candidateId] of [['iv1', 'cand1'], ['iv2', 'cand1'], ['iv4', 'cand4']] as const) {
        expect((await invitesOf(interviewId, candidateId)).map((e) => e.type), `${interviewId}:${candidateId}`).toEqual(['InviteRequested']);
      }
      const allInvites = await eventStore.readAll({ streamPrefixes: [`invite-${tenantId}:`] });
      expect(allInvites.map((e) => e.stream).sort()).toEqual(
        [streams.invite(tenantId, 'iv1', 'cand1'), streams.invite(tenantId, 'iv2', 'cand1'), streams.invite(tenantId, 'iv4', 'cand4')].sort(),
      );
      expect(live.projector.triggerCounts.requested).toBe(3);
    } finally {
      for (const part of toStop.reverse()) await part.stop();
      await bus.close();
      await readStore.close();
      await replayStore.close();
      await eventStore.close();
    }
  });
});
