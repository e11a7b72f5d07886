import { topics, type EventMessage } from '@srw/contracts';
import type { Logger } from '@srw/observability';
import { openReadModels, type ReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { topicSpecs, type ConsumeEventsOptions, type ReceivedEvent, type ServiceDefinition } from '@srw/runtime';
import { stageProjectorConfigSchema, type StageProjectorConfig } from './config';

export interface StageProjectorPorts {
  readStore: ReadStore;
  logger?: Logger;
}

export interface StageProjectorOptions {
  /**
   * Prefix of the consumer groups, one per topic (`<prefix>.integration`, `<prefix>.observations`),
   * so a backlog of observations never holds back an integration's status. Default `stage-projector`
   * (`STAGE_PROJECTOR_GROUP_PREFIX`).
   */
  groupIdPrefix?: string;
}

export interface StageProjector {
  /** Consumers of `integration.events.v1` and `sr.observations.v1` that apply every read model. */
  consumers: ConsumeEventsOptions[];
}

/**
 * The read-model side of the stage-projector: each batch of events from the bus is applied to every
 * read model it concerns, position-guarded, so redelivery changes nothing. A handler that fails (the read store
 * down) throws, and the bus retries it, then sends it to the `.dlq`. No clock: read models are
 * built from events alone, which is what lets a replay rebuild them identically.
 */
export function createStageProjector({ readStore, logger }: StageProjectorPorts, { groupIdPrefix = 'stage-projector' }: StageProjectorOptions = {}): StageProjector {
  // Opened on the first event, and again after a failure to open, so a store that starts late only delays.
  let opening: Promise<ReadModels> | undefined;
  const readModels = () =>
    (opening ??= openReadModels(readStore).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  const handle = async (event: EventMessage) => {
    const outcomes = await (await readModels()).apply(event);
    logger?.debug('projected', { eventType: event.type, position: event.position, outcomes });
  };
  // A partition's delivered events with one read and one bulk write per read model; a batch that
  // fails goes event by event through `handle`, which retries and dead-letters the culprit alone.
  const handleBatch = async (received: readonly ReceivedEvent[]) => {
    const events = received.map(({ event }) => event);
    const written = await (await readModels()).applyBatch(events);
    logger?.debug('projected a batch', { events: events.length, from: events[0]?.position, to: events.at(-1)?.position, written });
  };
  return {
    consumers: [
      { groupId: `${groupIdPrefix}.integration`, topics: [topics.integration], handle, handleBatch },
      { groupId: `${groupIdPrefix}.observations`, topics: [topics.observations], handle, handleBatch },
    ],
  };
}

const consumedTopics = new Set<string>([topics.integration, topics.observations]);

/** The service `main.ts` runs: no routes and no relay yet (it appends nothing until trigger detection). */
export function stageProjectorService(): ServiceDefinition<StageProjectorConfig> {
  return {
    name: 'stage-projector',
    configSchema: stageProjectorConfigSchema,
    topics: topicSpecs.filter((spec) => consumedTopics.has(spec.topic)),
    consumers: ({ adapters, config, logger }) =>
      createStageProjector({ readStore: adapters.readStore, logger }, { groupIdPrefix: config.STAGE_PROJECTOR_GROUP_PREFIX }).consumers,
  };
}
