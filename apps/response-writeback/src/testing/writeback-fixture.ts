import { randomUUID } from 'node:crypto';
import type { EventStore } from '@srw/event-store';
import { eventIdFor } from '@srw/event-store';
import { noteMarker } from '@srw/domain';
import { createEvent, streams, topics } from '@srw/contracts';
import { appendEvents, type Adapters, createService, serviceConfigSchema, topicSpecs, type Service, type ServiceDefinition } from '@srw/runtime';
import type { SrSandbox } from '@srw/sr-sandbox';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import type { WilloSandbox } from '@srw/willo-sandbox';
import { sandboxOrganisation, type SandboxOrganisation } from '@srw/willo/testing';
import { createResponseWriteback, type ResponseWriteback, type ResponseWritebackOptions } from '../response-writeback';
import type { Clock } from '../ports';

export interface Invited {
  stream: string;
  candidateId: string;
  jobId: string;
  participantKey: string;
}

const meta = (tenantId: string) => ({ tenantId, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() });

/**
 * Invites `count` of the SR sandbox's candidates to the organisation's interview as invite-dispatcher
 * would: `InviteRequested`, then Willo's `inviteOnce` keyed by the stream (so the participant's
 * metadata names it), then `InviteSent`.
 */
export async function inviteCandidates(store: EventStore, sr: SrSandbox, org: SandboxOrganisation, tenantId: string, count: number): Promise<Invited[]> {
  const applications = [...sr.control.tenant().applications.values()];
  const seen = new Set<string>();
  const invited: Invited[] = [];
  for (const application of applications) {
    if (invited.length >= count) break;
    if (seen.has(application.candidateId)) continue;
    seen.add(application.candidateId);
    const stream = streams.invite(tenantId, org.interviewKey, application.candidateId);
    const trigger = { status: 'INTERVIEW', subStatus: 'Video interview' } as const;
    await appendEvents(store, stream, [{ event: createEvent('InviteRequested', { interviewId: org.interviewKey, candidateId: application.candidateId, jobId: application.jobId, trigger, reason: 'stage_entered' }, meta(tenantId)), id: eventIdFor(stream, 'requested') }], { expectedRevision: 'no_stream' });
    const { participant } = await org.client.inviteOnce({ idempotencyKey: stream, invite: { interviewKey: org.interviewKey, email: `candidate-${invited.length}-${tenantId}@example.com` } });
    await appendEvents(store, stream, [{ event: createEvent('InviteSent', { willoParticipantId: participant.key, invitedAt: new Date().toISOString(), attempt: 1 }, meta(tenantId)) }], { expectedRevision: 0 });
    invited.push({ stream, candidateId: application.candidateId, jobId: application.jobId, participantKey: participant.key });
  }
  return invited;
}

/** The notes the SR sandbox holds for an invite, counted from its own records by the invite's marker. */
export const notesOf = (sr: SrSandbox, invite: Invited) => sr.control.tenant().messages.filter((m) => !m.deleted && m.content.includes(noteMarker(invite.stream)));

/** Events of one type in a stream. */
export async function eventsOf(store: EventStore, stream: string, type: string) {
  return (await store.readStream(stream)).filter((e) => e.type === type);
}

export interface WritebackStack {
  tenantId: string;
  org: SandboxOrganisation;
  secret: string;
  start(adapters: Adapters, options?: ResponseWritebackOptions): Promise<{ service: Service<ReturnType<typeof serviceConfigSchema.parse>>; app: ResponseWriteback }>;
}

/**
 * response-writeback composed on the given adapters against both sandboxes, for one fresh tenant with
 * its own Willo organisation, SR grant (fast retries) and template; `start` runs it listening on a free port.
 */
export async function writebackStack(sr: SrSandbox, willo: WilloSandbox, clock: Clock = { now: () => Date.now() }): Promise<WritebackStack> {
  const tenantId = `rw${randomUUID().slice(0, 8)}`;
  const org = sandboxOrganisation(willo);
  const secret = randomUUID() + randomUUID();
  const { client } = await connectToSandbox(sr, { retry: { baseDelayMs: 5, maxDelayMs: 50 } });
  return {
    tenantId,
    org,
    secret,
    async start(adapters, options = {}) {
      let app: ResponseWriteback | undefined;
      const appOf = () =>
        (app ??= createResponseWriteback(
          {
            eventStore: adapters.eventStore,
            readStore: adapters.readStore,
            willoFor: () => org.client,
            webhookSecretFor: (tenant) => (tenant === tenantId ? secret : undefined),
            srNotesFor: () => client.messages,
            noteTemplateFor: (tenant) => (tenant === tenantId ? 'Interview "{{interviewName}}" completed {{completedAt}}: {{reviewUrl}}' : undefined),
          },
          clock,
          { retryBackoffMs: 20, ...options },
        ));
      const definition: ServiceDefinition<ReturnType<typeof serviceConfigSchema.parse>> = {
        name: 'response-writeback',
        configSchema: serviceConfigSchema,
        topics: topicSpecs.filter((spec) => spec.topic === topics.invite),
        // Standing in for stage-projector's, the owner of the `invite` category: it publishes what response-writeback appends.
        relay: { categories: ['invite'] },
        routes: () => appOf().routes,
        consumers: () => appOf().consumers,
      };
      const service = await createService(definition, { env: { PORT: '0', LOG_LEVEL: 'error' }, adapters });
      await service.start();
      return { service, app: appOf() };
    },
  };
}
