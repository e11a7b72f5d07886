import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { categories, messageHeaders, messageKeyFor, topicForCategory, type Category, type EventMessage } from '@srw/contracts';

/** One recorded message of a published event version (`libs/contracts/samples`, written by `tools/contract-samples.ts`). */
export interface ContractSample {
  /** `<category>/<Type>.v<N>.json` */
  name: string;
  category: Category;
  type: string;
  version: number;
  /** The Kafka message as the relay publishes it: topic, key, headers and the JSON value. */
  message: { topic: string; partition: number; offset: string; key: string; value: string; headers: Record<string, string> };
}

export const contractSamplesDir = fileURLToPath(new URL('../../contracts/samples/', import.meta.url));

/** The recorded samples of the given categories (every category by default), in file-name order. */
export function contractSamples(of: readonly Category[] = categories): ContractSample[] {
  return of.flatMap((category) => {
    let files: string[];
    try {
      files = readdirSync(join(contractSamplesDir, category)).filter((file) => file.endsWith('.json')).sort();
    } catch {
      return [];
    }
    return files.map((file, offset) => {
      const [, type, version] = /^(.+)\.v(\d+)\.json$/.exec(file) ?? [];
      if (!type || !version) throw new TypeError(`${category}/${file}: sample files are named <Type>.v<N>.json`);
      const value = readFileSync(join(contractSamplesDir, category, file), 'utf8');
      const parsed = JSON.parse(value) as { id: string; stream: string; metadata: { tenantId: string; correlationId: string } };
      return {
        name: `${category}/${file}`,
        category,
        type,
        version: Number(version),
        message: {
          topic: topicForCategory(category),
          partition: 0,
          offset: String(offset),
          key: messageKeyFor(parsed.stream),
          value,
          headers: { [messageHeaders.eventType]: type, [messageHeaders.eventId]: parsed.id, [messageHeaders.tenantId]: parsed.metadata.tenantId, [messageHeaders.schemaVersion]: version },
        },
      };
    });
  });
}

/** The categories whose events reach the given topics: what a consumer of those topics must read. */
export const categoriesOfTopics = (topics: Iterable<string>): Category[] => {
  const wanted = new Set(topics);
  return categories.filter((category) => wanted.has(topicForCategory(category)));
};

/** A consumer as apps declare them (`ConsumeEventsOptions`): the topics it reads and its handler of decoded events. */
export interface SampleConsumer<E> {
  groupId: string;
  topics: readonly string[];
  handle(event: E, raw: ContractSample['message']): Promise<void>;
}

export interface SampleOutcome {
  sample: string;
  groupId: string;
  /** Undefined when the handler resolved. */
  error?: unknown;
}

/**
 * Feeds each sample through `decode` (the app's real decoder: `parseEventMessage`) and then through
 * every consumer of its topic, in file order, as the bus would deliver it. A decode failure throws
 * (the contract is broken); a handler's outcome is returned for the spec to judge, since a handler
 * may rightly fail on what a lone sample lacks (a candidate not observed yet: a retryable error).
 */
export async function feedContractSamples<E>(samples: readonly ContractSample[], consumers: readonly SampleConsumer<E>[], decode: (message: ContractSample['message']) => E): Promise<SampleOutcome[]> {
  const outcomes: SampleOutcome[] = [];
  for (const sample of samples) {
    let event: E;
    try {
      event = decode(sample.message);
    } catch (error) {
      throw new Error(`${sample.name} no longer decodes: ${(error as Error).message}`, { cause: error });
    }
    for (const consumer of consumers.filter((c) => c.topics.includes(sample.message.topic))) {
      try {
        await consumer.handle(event, sample.message);
        outcomes.push({ sample: sample.name, groupId: consumer.groupId });
      } catch (error) {
        outcomes.push({ sample: sample.name, groupId: consumer.groupId, error });
      }
    }
  }
  return outcomes;
}

/** The event store's `append`, structurally: test-support cannot depend on `@srw/event-store`, whose specs use it. */
export interface StreamAppender {
  append(stream: string, events: readonly { id: string; type: string; data: unknown; metadata: Record<string, unknown> }[]): Promise<unknown>;
}

/**
 * The consumers, each sample first appended to a stream of its own (the sample's stream name plus a
 * fresh suffix) and delivered as coming from it: consumers that read the stream a message came from
 * (invite-dispatcher, the note writer) then see the event, and samples of one stream never fold
 * into each other.
 */
export function inOwnStreams<C extends SampleConsumer<EventMessage>>(eventStore: StreamAppender, consumers: readonly C[]): C[] {
  return consumers.map((consumer) => ({
    ...consumer,
    handle: async (event: EventMessage, raw: ContractSample['message']) => {
      const stream = `${event.stream}-${randomUUID().slice(0, 8)}`;
      await eventStore.append(stream, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }]);
      await consumer.handle({ ...event, stream }, raw);
    },
  }));
}

/**
 * Every recorded sample of the categories the consumers' topics carry, fed through `decode` and the
 * consumers (`feedContractSamples`): what each consuming app's contract spec runs.
 */
export async function feedConsumedSamples<E>(consumers: readonly SampleConsumer<E>[], decode: (message: ContractSample['message']) => E): Promise<{ consumed: Category[]; samples: ContractSample[]; outcomes: SampleOutcome[] }> {
  const consumed = categoriesOfTopics(consumers.flatMap((consumer) => consumer.topics));
  const samples = contractSamples(consumed);
  return { consumed, samples, outcomes: await feedContractSamples(samples, consumers, decode) };
}
