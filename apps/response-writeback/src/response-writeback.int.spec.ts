import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { dlqHeaders, type BusMessage } from '@srw/bus';
import { createEvent, dlqTopic, messageKeyFor, streams, topics } from '@srw/contracts';
import { inviteDecider } from '@srw/domain';
import { appendEvents, handleCommand, type Adapters } from '@srw/runtime';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { announceSkip, eventually, seededRandom } from '@srw/test-support';
import { signWebhookBody } from '@srw/willo';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo-sandbox';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, inviteCandidates, notesOf, writebackStack, type Invited } from './testing/writeback-fixture';

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const mongoUrl = process.env['MONGODB_URL'];
const mongoDatabase = `response_writeback_${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'response-writeback-'));

/** Adapters over files that outlive one service instance, so a restarted service finds what the last one left. */
type Stack = (name: string) => Promise<Adapters>;
const openEmbedded = async (name: string, bus: Adapters['bus'], readStore: Adapters['readStore'], kinds: Adapters['kinds']): Promise<Adapters> => {
  const eventStore = await SqliteEventStore.open({ path: join(dir, `${name}.events.sqlite`), pollIntervalMs: 20 });
  return { eventStore, bus, readStore, kinds, close: async () => (await bus.close(), await eventStore.close(), await readStore.close()) };
};
const stacks: [string, Stack][] = [
  [
    'embedded adapters',
    async (name) =>
      openEmbedded(
        name,
        await SqliteBus.open({ path: join(dir, `${name}.bus.sqlite`), pollIntervalMs: 20 }),
        await SqliteReadStore.open({ path: join(dir, `${name}.read.sqlite`) }),
        { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' },
      ),
  ],
];
if (brokers?.length && mongoUrl) {
  stacks.push([
    `Kafka (${brokers.join(',')}) and MongoDB wire (${mongoUrl})`,
    async (name) =>
      openEmbedded(
        name,
        await KafkaBus.open({ brokers, clientId: `response-writeback-spec-${name}` }),
        await MongoReadStore.open({ url: mongoUrl, database: mongoDatabase }),
        { eventStore: 'embedded', bus: 'kafka', readStore: 'mongodb' },
      ),
  ]);
} else {
  announceSkip('response-writeback on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set and no container runtime');
}

let sr: SrSandbox;
let willo: WilloSandbox;
beforeAll(async () => {
  sr = await startSrSandbox({ port: 0, seed: { seed: 11, jobs: 10, candidates: 200 } });
  willo = await startWilloSandbox({ port: 0, webhookRetryDelaysMs: [50, 200] });
});
afterAll(async () => {
  await willo?.close();
  await sr?.close();
  rmSync(dir, { recursive: true, force: true });
  // This run's read models only: the database is named per run.
  const mongo = brokers?.length && mongoUrl ? await MongoClient.connect(mongoUrl) : undefined;
  await mongo?.db(mongoDatabase).dropDatabase().finally(() => mongo.close());
});

const uniqueName = () => `n${randomUUID().slice(0, 8)}`;

describe.each(stacks)('response-writeback on the %s', (_name, openStack) => {
  it('turns a signed new_response into one ResponseReceived and one note; a repeat, another trigger and a bad signature change nothing', async () => {
    const stack = await writebackStack(sr, willo);
    const name = uniqueName();
    const adapters = await openStack(name);
    const { service } = await stack.start(adapters, { groupIdPrefix: `rw-${name}`, collectionSuffix: name });
    try {
      const [invite] = (await inviteCandidates(adapters.eventStore, sr, stack.org, stack.tenantId, 1)) as [Invited];
      await stack.org.client.webhooks.create({ targetUrl: `${service.url}/webhooks/willo/${stack.tenantId}`, trigger: 'new_response', secret: stack.secret });
      willo.control.completeInterview(invite.participantKey);

      await eventually(() => notesOf(sr, invite).length === 1, { what: 'the note in SR' });
      await eventually(async () => (await eventsOf(adapters.eventStore, invite.stream, 'NoteWritten')).length === 1, { what: 'NoteWritten' });
      const [note] = notesOf(sr, invite);
      expect(note?.content).toContain(`#[CANDIDATE:${invite.candidateId}]`);
      expect(note?.content).toContain('Interview "Support Associate" completed');
      expect(note?.content).toContain(`/review/${invite.participantKey}/`);
      expect(note?.applications).toEqual([{ candidateId: invite.candidateId, jobId: invite.jobId }]);

      // The same delivery again (Willo retries after a lost answer): one event, no second note.
      const delivery = willo.control.deliveries().find((d) => d.targetUrl.includes(stack.tenantId) && d.trigger === 'new_response');
      const post = (body: string, signature?: string) =>
        service.app.request(`/webhooks/willo/${stack.tenantId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(signature ? { 'x-willo-signature': signature } : {}), 'x-willo-delivery': delivery?.id ?? 'd1' },
          body,
        });
      const now = Math.floor(Date.now() / 1000);
      const again = await post(delivery!.body, signWebhookBody(stack.secret, delivery!.body, now));
      expect(again.status).toBe(202);
      expect(await again.json()).toEqual({ outcome: 'duplicate' });

      const other = JSON.stringify({ trigger: 'participant_archived', created: new Date().toISOString(), participant: { key: invite.participantKey } });
      const unknown = await post(other, signWebhookBody(stack.secret, other, now));
      expect(unknown.status).toBe(202);
      expect(await unknown.json()).toEqual({ outcome: 'ignored', reason: 'unknown_trigger' });

      for (const signature of [undefined, signWebhookBody('not-the-secret', delivery!.body, now), signWebhookBody(stack.secret, delivery!.body, now - 3600)]) {
        const refused = await post(delivery!.body, signature);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
      }
      const elsewhere = await service.app.request('/webhooks/willo/another-tenant', { method: 'POST', body: delivery!.body, headers: { 'x-willo-signature': signWebhookBody(stack.secret, delivery!.body, now) } });
      expect(elsewhere.status).toBe(401);
      const bad = await service.app.request('/webhooks/willo/has%20space', { method: 'POST', body: '{}' });
      expect(bad.status).toBe(400);

      expect(await eventsOf(adapters.eventStore, invite.stream, 'ResponseReceived')).toHaveLength(1);
      expect(notesOf(sr, invite)).toHaveLength(1);
    } finally {
      await service.stop();
    }
  });

  it('records a note SR refuses as NoteWriteFailed, not retryable, with the reason, and sends its message to the .dlq', async () => {
    const stack = await writebackStack(sr, willo);
    const name = uniqueName();
    const adapters = await openStack(name);
    const { service } = await stack.start(adapters, { groupIdPrefix: `rw-${name}`, collectionSuffix: name });
    const dead: BusMessage[] = [];
    // A candidate SR does not have: its messages cannot be read nor a note tagged (400).
    const stream = streams.invite(stack.tenantId, stack.org.interviewKey, `ghost${name}`);
    const dlq = await adapters.bus.consume({ groupId: `rw-dlq-${name}`, topics: [dlqTopic(topics.invite)], handle: async (m) => void (m.key === messageKeyFor(stream) && dead.push(m)) });
    try {
      const metadata = { tenantId: stack.tenantId, correlationId: name, causationId: name, observedAt: new Date().toISOString() };
      await appendEvents(
        adapters.eventStore,
        stream,
        [
          createEvent('InviteRequested', { interviewId: stack.org.interviewKey, candidateId: `ghost${name}`, jobId: 'job-1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' }, metadata),
          createEvent('InviteSent', { willoParticipantId: 'p-ghost', invitedAt: metadata.observedAt, attempt: 1 }, metadata),
          createEvent('ResponseReceived', { willoParticipantId: 'p-ghost', completedAt: metadata.observedAt, reviewUrl: 'https://willo.example/review/p-ghost/', source: 'webhook' }, metadata),
        ].map((event) => ({ event })),
        { expectedRevision: 'no_stream' },
      );
      await eventually(() => dead.length > 0, { what: 'the message on the .dlq' });
      const failures = await eventsOf(adapters.eventStore, stream, 'NoteWriteFailed');
      expect(failures).toHaveLength(1);
      expect(failures[0]?.data).toMatchObject({ reason: 'sr_rejected', retryable: false, attempt: 1 });
      expect(dead[0]?.headers[dlqHeaders.errorCode]).toBe('NOTE_STOPPED');
      expect(dead[0]?.headers[dlqHeaders.errorMessage]).toContain('sr_rejected');
      expect(await eventsOf(adapters.eventStore, stream, 'NoteWritten')).toHaveLength(0);
    } finally {
      await dlq.stop();
      await service.stop();
    }
  });

  it('writes a stopped note once after the admin’s retry (NoteRetryRequested), a double click and a late retry changing nothing', async () => {
    const stack = await writebackStack(sr, willo);
    const name = uniqueName();
    const adapters = await openStack(name);
    const { service } = await stack.start(adapters, { groupIdPrefix: `rw-${name}`, collectionSuffix: name, noteMaxAttempts: 2 });
    const [invite] = (await inviteCandidates(adapters.eventStore, sr, stack.org, stack.tenantId, 1)) as [Invited];
    const metadata = (id: string) => ({ tenantId: stack.tenantId, correlationId: id, causationId: id, observedAt: new Date().toISOString() });
    const retry = (requestId: string) => handleCommand(adapters.eventStore, invite.stream, inviteDecider, { type: 'RetryNote', data: { requestedBy: 'admin-1' }, metadata: metadata(requestId) });
    // SR down for the whole budget: the note stops.
    sr.control.injectFaults({ serverErrorRate: 1 });
    try {
      const response = { willoParticipantId: invite.participantKey, completedAt: new Date().toISOString(), reviewUrl: `https://willo.example/review/${invite.participantKey}/`, source: 'webhook' as const };
      await handleCommand(adapters.eventStore, invite.stream, inviteDecider, { type: 'RecordResponse', data: response, metadata: metadata(`response-${name}`) });
      await eventually(async () => (await eventsOf(adapters.eventStore, invite.stream, 'NoteWriteFailed')).some((e) => (e.data as { retryable: boolean }).retryable === false) || undefined, { what: 'the note to stop' });
      sr.control.injectFaults({});
      expect(notesOf(sr, invite)).toHaveLength(0);

      // The admin's retry, clicked twice (one request id), then once more after the note is written.
      expect((await retry(`retry-${name}`)).appended.map((e) => e.type)).toEqual(['NoteRetryRequested']);
      expect((await retry(`retry-${name}`)).appended).toEqual([]);
      await eventually(async () => (await eventsOf(adapters.eventStore, invite.stream, 'NoteWritten')).length === 1 || undefined, { what: 'NoteWritten after the retry' });
      expect((await retry(`late-${name}`)).appended).toEqual([]);
      expect(notesOf(sr, invite)).toHaveLength(1);
      expect(await eventsOf(adapters.eventStore, invite.stream, 'NoteRetryRequested')).toHaveLength(1);
    } finally {
      sr.control.injectFaults({});
      await service.stop();
    }
  });

  it('writes exactly one note per response through dropped webhooks, SR 429s and 5xx, a crash between post and append, and a restart', async () => {
    const random = seededRandom('response-writeback faults');
    const stack = await writebackStack(sr, willo);
    const name = uniqueName();
    const options = {
      groupIdPrefix: `rw-${name}`,
      collectionSuffix: name,
      noteMaxAttempts: 40,
      poll: { schedule: { firstCheckMs: 0, maxIntervalMs: 0 }, maxChecksPerRound: 100 },
    };
    // The crash: after SR recorded the note, before NoteWritten is appended (the handler dies; the bus redelivers).
    const crashed: string[] = [];
    const crashAt = new Set<number>([0, 3, 7]);
    let posts = 0;
    const afterPost = async (stream: string) => {
      if (crashAt.has(posts++)) {
        crashed.push(stream);
        throw new Error(`crashed after posting the note of ${stream}`);
      }
    };
    let adapters = await openStack(name);
    let running = await stack.start(adapters, { ...options, afterPost });
    const invites = await inviteCandidates(adapters.eventStore, sr, stack.org, stack.tenantId, 12);
    const target = () => `${running.service.url}/webhooks/willo/${stack.tenantId}`;
    const webhook = await stack.org.client.webhooks.create({ targetUrl: target(), trigger: 'new_response', secret: stack.secret });
    willo.control.setWebhookDropRate(0.4);
    sr.control.injectFaults({ serverErrorRate: 0.2, tooManyRequestsRate: 0.2 });
    try {
      const shuffled = [...invites].sort(() => random.next() - 0.5);
      for (const [index, invite] of shuffled.entries()) {
        willo.control.completeInterview(invite.participantKey);
        if (index === 5) {
          // A restart in the middle: the next instance resumes from the bus and the store.
          await running.service.stop();
          adapters = await openStack(name);
          running = await stack.start(adapters, { ...options, afterPost });
          await stack.org.client.webhooks.delete(webhook.key);
          await stack.org.client.webhooks.create({ targetUrl: target(), trigger: 'new_response', secret: stack.secret });
        }
      }
      await willo.control.deliveriesSettled();
      // The poll catches up with the dropped deliveries.
      await eventually(
        async () => {
          await running.app.poller.pollOnce();
          const received = await Promise.all(invites.map(async (i) => (await eventsOf(adapters.eventStore, i.stream, 'ResponseReceived')).length));
          return received.every((n) => n === 1);
        },
        { what: 'every response recorded' },
      );
      await eventually(async () => (await Promise.all(invites.map(async (i) => (await eventsOf(adapters.eventStore, i.stream, 'NoteWritten')).length === 1))).every(Boolean), {
        what: 'NoteWritten on every invite',
        timeoutMs: 90_000,
      });
      sr.control.injectFaults({});
      const counts = invites.map((i) => notesOf(sr, i).length);
      const dropped = willo.control.deliveries().filter((d) => d.state === 'dropped' && d.targetUrl.includes(stack.tenantId)).length;
      const recovered = (await Promise.all(invites.map((i) => eventsOf(adapters.eventStore, i.stream, 'NoteWritten')))).flat().filter((e) => (e.data as { recoveredFromExisting: boolean }).recoveredFromExisting).length;
      console.info(`response-writeback faults: ${invites.length} responses, ${dropped} webhooks dropped, ${crashed.length} crashes after the post, ${recovered} notes recovered from SR, notes per response ${JSON.stringify(counts)}`);
      expect(counts).toEqual(invites.map(() => 1));
      expect(crashed.length).toBeGreaterThan(0);
      expect(recovered).toBe(crashed.length);
      for (const invite of invites) expect(await eventsOf(adapters.eventStore, invite.stream, 'ResponseReceived')).toHaveLength(1);
    } finally {
      willo.control.setWebhookDropRate(0);
      sr.control.injectFaults({});
      await running.service.stop();
    }
  });
});
