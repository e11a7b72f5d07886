import { randomUUID } from 'node:crypto';
import { domainEventSchema, streams, type IntegrationEvent, type NewMetadata } from '@srw/contracts';
import { DomainRuleViolation, foldEvents, integrationDecider, type IntegrationCommand, type IntegrationState } from '@srw/domain';
import { ConflictError, parseWith } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import type { Clock } from './ports';

/** The metadata of a command made from one request: a fresh id correlates it unless the caller has one. */
export function commandMetadata(tenantId: string, clock: Clock, correlationId: string = randomUUID()): NewMetadata {
  return { tenantId, correlationId, causationId: correlationId, observedAt: new Date(clock.now()).toISOString() };
}

/** The tenant's integration as its stream says, for checks made before a side effect (a code exchange). */
export async function readIntegration(store: EventStore, tenant: string): Promise<IntegrationState> {
  const recorded = await store.readStream(streams.integration(tenant));
  const events = recorded.map(
    (event) => parseWith(domainEventSchema, { type: event.type, data: event.data, metadata: event.metadata }, `event ${event.stream}@${event.revision}`) as IntegrationEvent,
  );
  return foldEvents(integrationDecider, events);
}

export interface RunCommandOptions {
  /** A deterministic event id, so that a repeated command appends nothing (see `handleCommand`). */
  eventId?: string;
}

/**
 * Runs one integration command. A refusal of the decider is the request's conflict with the
 * integration's state (409), not a fault of the service.
 */
export async function runIntegrationCommand(store: EventStore, command: IntegrationCommand, options: RunCommandOptions = {}): Promise<IntegrationEvent[]> {
  const { eventId } = options;
  try {
    const result = await handleCommand(store, streams.integration(command.metadata.tenantId), integrationDecider, command, {
      ...(eventId ? { eventId: () => eventId } : {}),
    });
    return result.appended;
  } catch (error) {
    if (error instanceof DomainRuleViolation) throw new ConflictError(error.message, { cause: error });
    throw error;
  }
}
