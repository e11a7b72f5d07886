import { relayCategoriesOf, topics, type EventMessage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import { openReadModels, type ReadModels } from '@srw/projections';
import type { ReadCollection, ReadStore } from '@srw/read-store';
import { inEventTrace, topicSpecs, type ConsumeEventsOptions, type ReceivedEvent, type ServiceDefinition } from '@srw/runtime';
import { stageProjectorConfigSchema, type StageProjectorConfig } from './config';
import { inviteSkipsCollection, type InviteSkipView } from './triggers/invite-skips';
import { createMappingCatalogue } from './triggers/mapping-catalogue';
import { createTriggerDetection, type TriggerClock, type TriggerCounts } from './triggers/trigger-detection';

export interface StageProjectorPorts {
  readStore: ReadStore;
  /** Where trigger detection reads the mappings and appends `InviteRequested`. */
  eventStore: EventStore;
  logger?: Logger;
}

export interface StageProjectorOptions {
  /**
   * Prefix of the consumer groups, one per topic (`<prefix>.integration`, `<prefix>.observations`, `<prefix>.mapping`, `<prefix>.invite`),
   * so a backlog of observations never holds back an integration's status. Default `stage-projector`
   * (`STAGE_PROJECTOR_GROUP_PREFIX`).
   */
  groupIdPrefix?: string;
  /** The time stamped on `InviteRequested` (its `observedAt`), epoch milliseconds. Defaults to the system clock. */
  clock?: TriggerClock;
}

export interface StageProjector {
  /** Consumers of `integration.events.v1`, `sr.observations.v1`, `mapping.events.v1` and `invite.events.v1` that apply every read model. */
  consumers: ConsumeEventsOptions[];
  /** What trigger detection did since the projector was built. */
  triggerCounts: Readonly<TriggerCounts>;
}

/** Opened on first use, and again after a failure to open, so a store that starts late only delays. */
function lazily<T>(open: () => Promise<T>): () => Promise<T> {
  let opening: Promise<T> | undefined;
  return () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
}

/**
 * The read-model side of the stage-projector: each batch of events from the bus is applied to every
 * read model it concerns (one read and one bulk write per read model), position-guarded, so
 * redelivery changes nothing. Then trigger detection, event by event in the partition's order: an
 * observed move runs the trigger policy (after the read models, so the facts it reads include the
 * move), and a mapping applied runs the backfill; each request is `InviteRequested` appended with
 * expected revision "no stream", each skip an `inviteSkips` document. A batch that fails goes event
 * by event through the single-event handler, which the bus retries and then sends to the `.dlq`
 * alone. Read models take no clock: they are
 * built from events alone, which is what lets a replay rebuild them identically.
 */
export function createStageProjector(
  { readStore, eventStore, logger }: StageProjectorPorts,
  { groupIdPrefix = 'stage-projector', clock = { now: () => Date.now() } }: StageProjectorOptions = {},
): StageProjector {
  const readModels = lazily<ReadModels>(() => openReadModels(readStore));
  const skips = lazily<ReadCollection<InviteSkipView>>(() => readStore.collection<InviteSkipView>(inviteSkipsCollection));
  const triggers = createTriggerDetection({ eventStore, mappings: createMappingCatalogue(eventStore), readModels, skips, logger }, clock);
  const project = async (event: EventMessage) => {
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
      { groupId: `${groupIdPrefix}.integration`, topics: [topics.integration], handle: project, handleBatch },
      {
        groupId: `${groupIdPrefix}.observations`,
        topics: [topics.observations],
        handle: async (event) => {
          await project(event);
          await triggers.onObservation(event);
        },
        handleBatch: async (received) => {
          await handleBatch(received);
          for (const item of received) await inEventTrace(item, () => triggers.onObservation(item.event));
        },
      },
      {
        groupId: `${groupIdPrefix}.mapping`,
        topics: [topics.mapping],
        handle: async (event) => {
          await project(event);
          await triggers.onMappingEvent(event);
        },
      },
      { groupId: `${groupIdPrefix}.invite`, topics: [topics.invite], handle: project, handleBatch },
    ],
    triggerCounts: triggers.counts,
  };
}

const consumedTopics = new Set<string>([topics.integration, topics.observations, topics.mapping, topics.invite]);

/** The service `main.ts` runs: no routes; its relay publishes the `invite` category (its owner: `categoryOwners`), whoever appended. */
export function stageProjectorService(): ServiceDefinition<StageProjectorConfig> {
  return {
    name: 'stage-projector',
    configSchema: stageProjectorConfigSchema,
    topics: topicSpecs.filter((spec) => consumedTopics.has(spec.topic)),
    relay: { categories: relayCategoriesOf('stage-projector') },
    consumers: ({ adapters, config, logger }) =>
      createStageProjector(
        { readStore: adapters.readStore, eventStore: adapters.eventStore, logger },
        { groupIdPrefix: config.STAGE_PROJECTOR_GROUP_PREFIX },
      ).consumers,
  };
}
