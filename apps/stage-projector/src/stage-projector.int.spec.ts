import { randomUUID } from 'node:crypto';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { topics } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels, type ReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { appendEvents, createService, startRelay, type Adapters } from '@srw/runtime';
import { announceSkip, eventually } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { stageProjectorService } from './stage-projector';
import { enableAndSync, observedAt } from './testing/enable-and-sync';

interface Stack {
  kinds: Adapters['kinds'];
  bus(): Promise<Bus>;
  readStore(): Promise<ReadStore>;
}

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const mongoUrl = process.env['MONGODB_URL'];
const mongoDatabase = `stage_projector_${randomUUID().slice(0, 8)}`;
const stacks: [string, Stack][] = [
  [
    'embedded bus and read store',
    {
      kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' },
      bus: () => SqliteBus.open({ pollIntervalMs: 20 }),
      readStore: () => SqliteReadStore.open(),
    },
  ],
];
if (brokers?.length && mongoUrl) {
  stacks.push([
    `Kafka (${brokers.join(',')}) and MongoDB wire (${mongoUrl})`,
    {
      kinds: { eventStore: 'embedded', bus: 'kafka', readStore: 'mongodb' },
      bus: () => KafkaBus.open({ brokers, clientId: 'stage-projector-spec' }),
      readStore: () => MongoReadStore.open({ url: mongoUrl, database: mongoDatabase }),
    },
  ]);
} else {
  announceSkip('stage-projector on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set and no container runtime');
}

afterAll(async () => {
  if (!brokers?.length || !mongoUrl) return;
  const client = await MongoClient.connect(mongoUrl);
  try {
    await client.db(mongoDatabase).dropDatabase();
  } finally {
    await client.close();
  }
});

describe.each(stacks)('stage-projector on the %s', (_name, stack) => {
  it('projects what the other services append, arriving over relay and bus, into every read model', async () => {
    const eventStore = await SqliteEventStore.open({ pollIntervalMs: 20 });
    const bus = await stack.bus();
    const readStore = await stack.readStore();
    const adapters: Adapters = {
      eventStore,
      bus,
      readStore,
      kinds: stack.kinds,
      async close() {
        await bus.close();
        await eventStore.close();
        await readStore.close();
      },
    };
    const runId = randomUUID().slice(0, 8);
    if (brokers?.length && stack.kinds.bus === 'kafka') {
      // The spec produces every message it reads (a fresh event store behind the relay): its new groups
      // start at the topics' current ends. From the beginning they went through the backlog other runs
      // left on the long-lived broker first, at FerretDB's 5–10 events a second: once past the 30 s wait.
      await startKafkaGroupsAtTopicEnds(brokers, [
        { groupId: `stage-projector-spec-${runId}.integration`, topics: [topics.integration] },
        { groupId: `stage-projector-spec-${runId}.observations`, topics: [topics.observations] },
      ]);
    }
    const service = await createService(stageProjectorService(), {
      env: { PORT: '0', LOG_LEVEL: 'error', STAGE_PROJECTOR_GROUP_PREFIX: `stage-projector-spec-${runId}` },
      adapters,
    });
    // The producers' relays (connector-auth's and sr-poller's): the projector itself appends nothing yet.
    const relay = startRelay({ store: eventStore, bus, categories: ['integration', 'syncRun', 'srJob', 'srApplication'], subscriptionId: 'producers' });
    try {
      await service.start();
      expect((await service.app.request('/readyz')).status).toBe(200);
      const tenants = [`acme-${runId}`, `globex-${runId}`];
      for (const tenantId of tenants) {
        for (const [stream, event] of enableAndSync(tenantId)) await appendEvents(eventStore, stream, [{ event }]);
      }

      const readModels: ReadModels = await openReadModels(readStore);
      for (const tenantId of tenants) {
        const integration = await eventually(
          async () => {
            const doc = await readModels.collections.integrations.get(tenantId, tenantId);
            return doc?.data.lastSync ? doc.data : undefined;
          },
          { what: `${tenantId}'s completed sync in the integrations read model` },
        );
        expect(integration).toMatchObject({ status: 'enabled', plan: 'scale', intervalSeconds: 300, nextSyncAt: observedAt(9), sync: null });
        // The observations topic is consumed by its own group: wait for it too, not for the status.
        const application = await eventually(() => readModels.collections.applications.get(tenantId, 'cand1:job1'), { what: `${tenantId}'s application` });
        expect(application.data).toMatchObject({ status: 'INTERVIEW', subStatus: null });
        // Each read model is waited for on its own: jobs, stages and applications travel under different
        // keys (other partitions), and a sync run's document is written after the integration's.
        const jobs = await eventually(
          async () => {
            const page = await readModels.collections.jobs.find(tenantId, { sort: { field: 'updatedOn', direction: 'desc' } });
            return page.items.length > 0 ? page : undefined;
          },
          { what: `${tenantId}'s jobs` },
        );
        expect(jobs.items.map((d) => d.data.title)).toEqual(['Backend Engineer']);
        const stages = await eventually(async () => (await readModels.collections.hiringStages.get(tenantId, 'job1'))?.data, { what: `${tenantId}'s stages` });
        expect(stages.stages.map((s) => s.label)).toEqual(['Interview']);
        const run = await eventually(
          async () => {
            const doc = await readModels.collections.syncRuns.get(tenantId, 'run1');
            return doc?.data.status === 'running' ? undefined : doc?.data;
          },
          { what: `${tenantId}'s finished sync run` },
        );
        expect(run).toMatchObject({ status: 'completed', apiCalls: 3, durationMs: 2000 });
      }
    } finally {
      await relay.stop();
      await service.stop();
    }
  });
});
