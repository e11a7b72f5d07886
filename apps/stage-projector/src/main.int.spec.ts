import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bus } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { KafkaBus } from '@srw/bus/kafka';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { topics } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { openReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { appendEvents, startRelay } from '@srw/runtime';
import { announceSkip, eventually } from '@srw/test-support';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { enableAndSync } from './testing/enable-and-sync';

/**
 * The app alone in its own process, as deployed: `main.ts` with nothing but environment variables.
 * The test plays the other services (their appends and relay) on the same event store and bus, and
 * reads the read models the process wrote.
 */
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stage-projector-main-'));
const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const mongoUrl = process.env['MONGODB_URL'];
const mongoDatabase = `stage_projector_main_${randomUUID().slice(0, 8)}`;

interface Setup {
  env: Record<string, string>;
  bus(): Promise<Bus>;
  readStore(): Promise<ReadStore>;
}

const setups: [string, (dataDir: string) => Setup][] = [
  [
    'embedded adapters (files shared with the test)',
    (dataDir) => ({
      env: {},
      bus: () => SqliteBus.open({ path: join(dataDir, 'bus.sqlite'), pollIntervalMs: 20 }),
      readStore: () => SqliteReadStore.open({ path: join(dataDir, 'read-models.sqlite') }),
    }),
  ],
];
if (brokers?.length && mongoUrl) {
  setups.push([
    'Kafka and the MongoDB wire server',
    () => ({
      env: { KAFKA_BROKERS: brokers.join(','), MONGODB_URL: mongoUrl, MONGODB_DATABASE: mongoDatabase, STAGE_PROJECTOR_GROUP_PREFIX: `stage-projector-main-${randomUUID().slice(0, 8)}` },
      bus: () => KafkaBus.open({ brokers, clientId: 'stage-projector-main-spec' }),
      readStore: () => MongoReadStore.open({ url: mongoUrl, database: mongoDatabase }),
    }),
  ]);
} else {
  announceSkip('stage-projector process on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set and no container runtime');
}

const children: ChildProcess[] = [];
afterEach(() => {
  // Only if a test failed half-way: the child this test started, by its pid.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!brokers?.length || !mongoUrl) return;
  const client = await MongoClient.connect(mongoUrl);
  try {
    await client.db(mongoDatabase).dropDatabase();
  } finally {
    await client.close();
  }
});

describe.each(setups)('stage-projector main.ts on %s', (_name, setupFor) => {
  it('starts alone, projects what arrives, answers /readyz and stops on SIGTERM with exit code 0', async () => {
    const dataDir = join(dir, randomUUID());
    const setup = setupFor(dataDir);
    const groupPrefix = setup.env['STAGE_PROJECTOR_GROUP_PREFIX'];
    if (brokers?.length && groupPrefix) {
      // The test produces every message the process reads: its new groups start at the topics' current
      // ends, not behind the backlog other runs left on the shared broker (FerretDB projects 5–10 events
      // a second here: that backlog alone outlasted the 30 s wait for this run's events).
      await startKafkaGroupsAtTopicEnds(brokers, [
        { groupId: `${groupPrefix}.integration`, topics: [topics.integration] },
        { groupId: `${groupPrefix}.observations`, topics: [topics.observations] },
      ]);
    }
    const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      cwd: repoRoot,
      env: { ...inherited, PORT: '0', DATA_DIR: dataDir, ...setup.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
    child.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const url = await eventually(
      () => {
        const line = output.find((l) => l.includes('"message":"started"'));
        return line ? (JSON.parse(line) as { url: string }).url : undefined;
      },
      { what: `the started line (output so far: ${output.join('\n')})` },
    );
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // The other services: their appends and their relay, on the event store the process shares.
    const eventStore = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
    const bus = await setup.bus();
    const readStore = await setup.readStore();
    const relay = startRelay({ store: eventStore, bus, categories: ['integration', 'syncRun', 'srJob', 'srApplication'], subscriptionId: 'producers' });
    try {
      const tenantId = `solo-${randomUUID().slice(0, 8)}`;
      for (const [stream, event] of enableAndSync(tenantId)) await appendEvents(eventStore, stream, [{ event }]);
      const readModels = await openReadModels(readStore);
      const integration = await eventually(
        async () => {
          const doc = await readModels.collections.integrations.get(tenantId, tenantId);
          return doc?.data.lastSync ? doc.data : undefined;
        },
        { what: 'the completed sync in the integrations read model' },
      );
      expect(integration.status).toBe('enabled');
      await eventually(() => readModels.collections.applications.get(tenantId, 'cand1:job1'), { what: 'the application' });
    } finally {
      await relay.stop();
      await bus.close();
      await eventStore.close();
      await readStore.close();
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
