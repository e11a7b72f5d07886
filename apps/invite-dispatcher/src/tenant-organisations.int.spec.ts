import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { createEvent, streams } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { createLogger } from '@srw/observability';
import { appendEvents, consumeEvents, startRelay, topicSpecs } from '@srw/runtime';
import { announceSkip, eventually } from '@srw/test-support';
import { SqliteWilloCredentialsStore, TokenCipher } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import { createWilloClient, tenantWilloClients } from '@srw/willo';
import { startWilloSandbox, type WilloSandbox } from '@srw/willo/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInviteDispatcher } from './invite-dispatcher';

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const stacks: [string, () => Promise<Bus>][] = [['embedded bus', () => SqliteBus.open({ pollIntervalMs: 20 })]];
if (brokers?.length) stacks.push([`Kafka (${brokers.join(',')})`, () => KafkaBus.open({ brokers, clientId: 'invite-dispatcher-orgs-spec' })]);
else announceSkip('invite-dispatcher per-tenant organisations on Kafka', 'KAFKA_BROKERS not set and no container runtime');

let sandbox: WilloSandbox;
beforeAll(async () => {
  sandbox = await startWilloSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

describe.each(stacks)('invite-dispatcher with a Willo organisation per tenant, on the %s', (_name, openBus) => {
  it('sends each tenant\'s invites into its own organisation, stops a tenant with no key on its timeline until it saves one and retries, and never logs or records a key', async () => {
    const runId = randomUUID().slice(0, 8);
    const tenants = { a: `org-a-${runId}`, b: `org-b-${runId}`, none: `org-none-${runId}` };
    const orgOf = (name: string) => {
      const { organisationId, apiKey } = sandbox.control.addOrganisation(name);
      const { key: interviewKey } = sandbox.control.addInterview(organisationId, { title: `${name} interview` });
      return { organisationId, apiKey, interviewKey };
    };
    const [orgA, orgB] = [orgOf(`A ${runId}`), orgOf(`B ${runId}`)];
    const dir = mkdtempSync(join(tmpdir(), 'willo-orgs-'));
    const credentials = new SqliteWilloCredentialsStore(join(dir, 'willo-credentials.sqlite'), TokenCipher.fromConfig(testKeyRing('k1')));
    await credentials.set(tenants.a, orgA.apiKey, new Date());
    await credentials.set(tenants.b, orgB.apiKey, new Date());

    const logLines: string[] = [];
    const logger = createLogger({ service: 'invite-dispatcher-orgs-spec' }, { level: 'debug', write: (line) => void logLines.push(line) });
    const created: string[] = [];
    const willoFor = tenantWilloClients({
      credentialOf: (tenantId) => credentials.credentialOf(tenantId),
      create: (apiKey) => (created.push(apiKey), createWilloClient({ apiKey, baseUrl: sandbox.apiBaseUrl, retry: { baseDelayMs: 20, maxDelayMs: 200, inviteSettleMs: 0 } })),
      // No global key: a tenant without its own has nothing to invite with.
    });
    const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    const bus = await openBus();
    await bus.ensureTopics(topicSpecs);
    const contactOf = async (_tenant: string, candidateId: string) => ({ firstName: 'Ada', lastName: candidateId, email: `${candidateId}-${runId}@example.com` });
    const dispatcher = createInviteDispatcher({ eventStore, contacts: { contactOf }, willoFor, logger }, { now: () => Date.now() }, {
      groupId: `invite-dispatcher-orgs-${runId}`,
      maxDeliveries: 5,
      retryBackoffMs: 10,
      maxAttempts: 5,
    });
    const toStop: { stop(): Promise<unknown> }[] = [];
    const requests: { tenantId: string; interviewId: string; candidateId: string }[] = [
      ...['a1', 'a2', 'a3'].map((candidateId) => ({ tenantId: tenants.a, interviewId: orgA.interviewKey, candidateId })),
      ...['b1', 'b2'].map((candidateId) => ({ tenantId: tenants.b, interviewId: orgB.interviewKey, candidateId })),
      { tenantId: tenants.none, interviewId: orgA.interviewKey, candidateId: 'n1' },
    ];
    try {
      for (const options of dispatcher.consumers) toStop.push(await consumeEvents(bus, options));
      toStop.push(startRelay({ store: eventStore, bus, categories: ['invite'], subscriptionId: `orgs-${runId}` }));
      for (const { tenantId, interviewId, candidateId } of requests) {
        const event = createEvent(
          'InviteRequested',
          { interviewId, candidateId, jobId: 'job1', trigger: { status: 'INTERVIEW', subStatus: null }, reason: 'stage_entered' },
          { tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() },
        );
        await appendEvents(eventStore, streams.invite(tenantId, interviewId, candidateId), [{ event }], { expectedRevision: 'no_stream' });
      }
      const typesOf = async (r: (typeof requests)[number]) => (await eventStore.readStream(streams.invite(r.tenantId, r.interviewId, r.candidateId))).map((e) => e);
      for (const r of requests.filter((x) => x.tenantId !== tenants.none)) {
        await eventually(async () => (await typesOf(r)).some((e) => e.type === 'InviteSent'), { what: `${r.candidateId}'s InviteSent`, timeoutMs: 60_000 });
      }
      const stopped = await eventually(async () => (await typesOf(requests.at(-1)!)).find((e) => e.type === 'InviteFailed'), { what: 'the keyless tenant\'s InviteFailed' });
      expect(stopped.data).toMatchObject({ reason: 'willo_credentials_missing', retryable: false, attempt: 1 });
      expect((stopped.data as { message: string }).message).toMatch(/has no Willo API key/);

      // Once the tenant saves a key (config-api's PUT /v1/willo-credentials), the admin's retry sends it.
      const keyless = requests.at(-1)!;
      await credentials.set(tenants.none, orgA.apiKey, new Date());
      const retry = createEvent('InviteRetryRequested', { requestedBy: 'admin-1' }, { tenantId: tenants.none, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() });
      await appendEvents(eventStore, streams.invite(keyless.tenantId, keyless.interviewId, keyless.candidateId), [{ event: retry }]);
      await eventually(async () => (await typesOf(keyless)).some((e) => e.type === 'InviteSent'), { what: 'the keyless tenant\'s InviteSent after its retry', timeoutMs: 60_000 });

      // The sandbox's records: each organisation holds exactly its tenant's invitations.
      const emailsIn = (organisationId: string) => sandbox.control.invitations(organisationId).map((i) => i.email).toSorted();
      expect(emailsIn(orgA.organisationId)).toEqual(['a1', 'a2', 'a3', 'n1'].map((c) => `${c}-${runId}@example.com`));
      expect(emailsIn(orgB.organisationId)).toEqual(['b1', 'b2'].map((c) => `${c}-${runId}@example.com`));
      // One client per organisation, however many invites.
      expect(created.toSorted()).toEqual([orgA.apiKey, orgA.apiKey, orgB.apiKey].toSorted());

      const recorded = JSON.stringify(await eventStore.readAll());
      const logged = logLines.join('\n');
      expect(logLines.length).toBeGreaterThan(0);
      for (const key of [orgA.apiKey, orgB.apiKey]) {
        expect(logged).not.toContain(key);
        expect(recorded).not.toContain(key);
      }
    } finally {
      for (const part of toStop.reverse()) await part.stop();
      await bus.close();
      await eventStore.close();
      await credentials.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
