import { topics } from '@srw/contracts';
import { topicSpecs, type ConsumeEventsOptions, type ServiceDefinition } from '@srw/runtime';
import type { InviteDispatcherConfig } from './config';
import { dispatchInvite, type DispatchSettings } from './handlers/invite-requested.handler';
import type { Clock, InviteDispatcherPorts } from './ports';

export interface InviteDispatcherOptions extends Partial<DispatchSettings> {
  /** Consumer group of `invite.events.v1`. Default `invite-dispatcher`. */
  groupId?: string;
  /** Bus deliveries of one message (the first included) before it goes to the `.dlq`. Default 8. */
  maxDeliveries?: number;
  /** The bus's first redelivery delay (doubling, capped at 5 s). Default 1000 ms. */
  retryBackoffMs?: number;
}

export interface InviteDispatcher {
  consumers: ConsumeEventsOptions[];
}

/**
 * invite-dispatcher: consumes `invite.events.v1` (keyed by tenant:candidate, so one consumer holds an
 * invite stream at a time) and sends each requested invite through Willo, recording `InviteSent` or
 * `InviteFailed` in the invite stream. A transient failure is retried by the bus with backoff (on top
 * of the Willo client's own retries within Willo's rate limits); a stopped invite goes to the `.dlq`.
 */
export function createInviteDispatcher(ports: InviteDispatcherPorts, clock: Clock, options: InviteDispatcherOptions = {}): InviteDispatcher {
  const maxDeliveries = options.maxDeliveries ?? 8;
  // Never more attempts than one message's deliveries: the last delivery abandons the invite, so a
  // message the bus dead-letters leaves a stream an admin can retry, never one stuck pending.
  const settings: DispatchSettings = { maxAttempts: Math.min(options.maxAttempts ?? 8, maxDeliveries) };
  return {
    consumers: [
      {
        groupId: options.groupId ?? 'invite-dispatcher',
        topics: [topics.invite],
        maxAttempts: maxDeliveries,
        retryBackoffMs: options.retryBackoffMs ?? 1000,
        handle: (message) => dispatchInvite(ports, clock, settings, message),
        onDeadLetter: (message, error) =>
          ports.logger?.error('invite message dead-lettered', { key: message.key, offset: message.offset, error: error instanceof Error ? error.message : String(error) }),
      },
    ],
  };
}

/** The service `main.ts` runs. No relay: what it appends to `invite-*` streams the category's owner publishes (`categoryOwners`). */
export function inviteDispatcherService(
  configSchema: ServiceDefinition<InviteDispatcherConfig>['configSchema'],
  portsFor: (context: Parameters<NonNullable<ServiceDefinition<InviteDispatcherConfig>['consumers']>>[0]) => InviteDispatcherPorts,
  clock: Clock,
): ServiceDefinition<InviteDispatcherConfig> {
  return {
    name: 'invite-dispatcher',
    configSchema,
    topics: topicSpecs.filter((spec) => spec.topic === topics.invite),
    consumers: (context) =>
      createInviteDispatcher(portsFor(context), clock, {
        groupId: context.config.INVITE_DISPATCHER_GROUP,
        maxAttempts: context.config.INVITE_MAX_ATTEMPTS,
      }).consumers,
  };
}
