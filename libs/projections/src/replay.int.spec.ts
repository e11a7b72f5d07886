import { randomUUID } from 'node:crypto';
import { categoryPrefix, topics, type EventMessage } from '@srw/contracts';
import { SqliteBus } from '@srw/bus/embedded';
import { SqliteEventStore } from '@srw/event-store/embedded';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { appendEvents, consumeEvents, startRelay, topicSpecs } from '@srw/runtime';
import { announceSkip, eventually, seededRandom } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadModels, projectedCategories } from './read-models';
import { replayReadModels } from './replay';
import { dumpReadModels, realisticHistory } from './testing';

interface StoreKind {
  /** A new, empty read store each call. */
  fresh(): Promise<ReadStore>;
  /** FerretDB answers a round trip in milliseconds, not microseconds: a smaller history there. */
  size: { tenants: number; jobsPerTenant: number; candidatesPerTenant: number };
}

const mongoUrl = process.env['MONGODB_URL'];
const mongoDatabases: string[] = [];
const kinds: [string, StoreKind][] = [
  ['embedded read store', { fresh: () => SqliteReadStore.open(), size: { tenants: 4, jobsPerTenant: 12, candidatesPerTenant: 20 } }],
];
if (mongoUrl) {
  kinds.push([
    `MongoDB wire (${mongoUrl})`,
    {
      fresh: () => {
        const database = `projections_replay_${randomUUID().slice(0, 8)}`;
        mongoDatabases.push(database);
        return MongoReadStore.open({ url: mongoUrl, database });
      },
      size: { tenants: 3, jobsPerTenant: 6, candidatesPerTenant: 10 },
    },
  ]);
} else {
  announceSkip('read-model replay on MongoDB', 'MONGODB_URL not set and no container runtime');
}

afterAll(async () => {
  if (!mongoUrl || mongoDatabases.length === 0) return;
  const client = await MongoClient.connect(mongoUrl);
  try {
    for (const database of mongoDatabases) await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
});

describe.each(kinds)('read models rebuilt by a replay, on the %s', (_name, kind) => {
  it('a replay of $all from position 0 into a fresh store gives the very documents the live projection built, redeliveries included', async () => {
    const random = seededRandom('read-model replay history');
    const history = realisticHistory(random, kind.size);
    const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    const bus = await SqliteBus.open({ pollIntervalMs: 20 });
    const liveStore = await kind.fresh();
    const rebuiltStore = await kind.fresh();
    const stoppers: (() => Promise<void>)[] = [];
    try {
      await bus.ensureTopics(topicSpecs);
      const live = await openReadModels(liveStore);
      const deliveries = new Map<string, number>();
      const delivered = (event: EventMessage) => deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
      const handle = async (event: EventMessage) => {
        await live.apply(event);
        delivered(event);
      };
      // The projector's consumers, live while the history is appended, as in production: in batches
      // (one bulk write per read model), while the replay below applies event by event, so equal
      // dumps prove the batch path the same as the one-by-one path, redeliveries included.
      const handleBatch = async (received: readonly { event: EventMessage }[]) => {
        await live.applyBatch(received.map(({ event }) => event));
        for (const { event } of received) delivered(event);
      };
      const consumer = await consumeEvents(bus, { groupId: 'replay-proof', topics: [topics.integration, topics.observations, topics.mapping, topics.invite], handle, handleBatch });
      stoppers.push(() => consumer.stop());
      const categories = ['integration', 'syncRun', 'srJob', 'srApplication', 'srCandidate', 'interviewMapping', 'invite'] as const;
      const relay = startRelay({ store: eventStore, bus, categories, subscriptionId: 'relay' });
      stoppers.push(() => relay.stop());

      const ids: string[] = [];
      for (const { stream, event } of history.appends) {
        const id = randomUUID();
        ids.push(id);
        await appendEvents(eventStore, stream, [{ event, id }]);
      }
      await eventually(() => ids.every((id) => deliveries.has(id)), { what: `all ${ids.length} events projected live` });

      // Every event delivered again, each after newer ones: a second relay republishes the history
      // from its start, as a relay whose checkpoint was lost would.
      const again = startRelay({ store: eventStore, bus, categories, subscriptionId: 'relay-lost-its-checkpoint' });
      stoppers.push(() => again.stop());
      await eventually(() => ids.every((id) => deliveries.get(id) === 2), { what: 'every event delivered twice' });

      const rebuilt = await openReadModels(rebuiltStore);
      const replay = await replayReadModels(eventStore, rebuilt, { pageSize: 97 });
      const projected = await eventStore.readAll({ streamPrefixes: projectedCategories.map(categoryPrefix) });
      expect(projected.length).toBe(history.appends.length);
      expect(replay).toEqual({ lastPosition: projected.at(-1)?.position, applied: projected.length, skipped: 0 });

      const liveDump = await dumpReadModels(liveStore, history.tenants);
      const rebuiltDump = await dumpReadModels(rebuiltStore, history.tenants);
      // Not vacuous: every read model holds documents of every tenant.
      for (const [name, documents] of Object.entries(liveDump)) {
        expect(new Set(documents.map((d) => d.tenantId)), `tenants in ${name}`).toEqual(new Set(history.tenants));
      }
      expect(liveDump['jobs']).toHaveLength(kind.size.tenants * kind.size.jobsPerTenant);
      expect(new Set(liveDump['integrations']!.map((d) => (d.data as { status: string }).status))).toEqual(new Set(['syncing', 'disabled']));
      // Each tenant's erased candidate is in the read model without PII, live and rebuilt alike.
      const erasedCandidates = liveDump['candidates']!.filter((d) => (d.data as { erased: unknown }).erased !== null);
      expect(erasedCandidates).toHaveLength(history.tenants.length);
      for (const document of erasedCandidates) expect((document.data as { pii: unknown }).pii).toBeNull();
      expect(rebuiltDump).toEqual(liveDump);

      // Replaying again into the rebuilt store changes nothing: the replay is itself a redelivery.
      await replayReadModels(eventStore, rebuilt);
      expect(await dumpReadModels(rebuiltStore, history.tenants)).toEqual(rebuiltDump);
    } finally {
      for (const stop of stoppers.reverse()) await stop();
      await bus.close();
      await eventStore.close();
      await liveStore.close();
      await rebuiltStore.close();
    }
  }, 180_000);
});
