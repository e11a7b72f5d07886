import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, BusMessage, Consumer } from '@srw/bus';
import { SqliteBus } from '@srw/bus/embedded';
import { openBus } from '@srw/bus/testing';
import { dlqTopic, isEncryptedPii, streams, topicForCategory, type Category, type EncryptedPii } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { dumpReadModels } from '@srw/projections/testing';
import { openReadModels } from '@srw/projections';
import type { ReadStore } from '@srw/read-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { MongoReadStore } from '@srw/read-store/mongo';
import { parseEventMessage, startRelay } from '@srw/runtime';
import { connectToSandbox } from '@srw/smartrecruiters/testing';
import { startSrSandbox, type SrSandbox } from '@srw/sr-sandbox';
import { announceSkip, eventually } from '@srw/test-support';
import { CandidateShreddedError, DecryptionError, PiiCipher, SqliteCandidateKeyStore, TokenCipher, type CandidateKey } from '@srw/vault';
import { testKeyRing } from '@srw/vault/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerStage } from './sr-mapping';
import { eraseCandidatePii } from './candidate-erasure';
import { runIncrementalSync, runInitialSync } from './sr-sync';

/**
 * The proof of crypto-shredding (ARCHITECTURE §4): candidates synced from the SR sandbox, relayed to
 * the embedded bus and to Kafka, projected into the read models; then one is erased on a GDPR request
 * and another deleted in SR (the incremental sync reads `CANDIDATE_DELETED` from the audit feed).
 * Afterwards no candidate's name or email appears in plaintext (the event store's file and WAL, every
 * message read back from the beginning of every topic, every read-model document, raw), no key opens
 * the erased ones' ciphertexts, the read models hold none of their sealed PII, the others still
 * decrypt, and a later sync of the erased-on-request candidate, still in SR, brings nothing back.
 */
const seed = 20_261_202;
const tenantId = 'acme';
const run = randomUUID().slice(0, 8);
const categories = ['syncRun', 'srJob', 'srApplication', 'srCandidate'] as const satisfies readonly Category[];
/** Topics of this run only, so "every message from the beginning" is exactly what this test relayed. */
const topicFor = (category: Category) => `pii-proof-${run}.${topicForCategory(category)}`;
const ourTopics = [...new Set(categories.map(topicFor))];
const allTopics = [...ourTopics, ...ourTopics.map(dlqTopic)];

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
const mongoUrl = process.env['MONGODB_URL'];
if (!brokers?.length) announceSkip('crypto-shredding proof on Kafka', 'KAFKA_BROKERS not set and no container runtime');
if (!mongoUrl) announceSkip('crypto-shredding proof on MongoDB read models', 'MONGODB_URL not set and no container runtime');

/** One bus, what was read back from it, and the read store its consumer projected into. */
interface Leg {
  name: string;
  bus: Bus;
  readStore: ReadStore;
  /** Raw text of every stored read-model document, behind the adapter's back. */
  rawReadModels(): Promise<string>;
  messages: BusMessage[];
  consumer?: Consumer;
}

describe(`crypto-shredding of candidate PII (SR sandbox seed ${seed})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-proof-'));
  const files = { events: join(dir, 'events.sqlite'), keys: join(dir, 'keys.sqlite'), bus: join(dir, 'bus.sqlite'), reads: join(dir, 'reads.sqlite') };
  const mongoDatabase = `pii_proof_${run}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  let sandbox: SrSandbox;
  let store: EventStore;
  let keys: SqliteCandidateKeyStore;
  const cipher = new PiiCipher();
  const legs: Leg[] = [];

  beforeAll(async () => {
    sandbox = await startSrSandbox({ port: 0, seed: { seed, jobs: 20, candidates: 120 }, rateLimit: false });
    cleanups.push(() => sandbox.close());
    // Names and emails no seed, id or ciphertext can contain by chance (base64url has no '@' and
    // no space), so finding one in a dump can only mean a leak.
    let n = 0;
    for (const candidate of sandbox.control.tenant().candidates.values()) {
      n++;
      candidate.firstName = `Zelda Q${n}`;
      candidate.lastName = `Shredwell-${run}-${n}`;
      candidate.email = `pii.${run}.${n}@shred.example.com`;
    }
    store = await SqliteEventStore.open({ path: files.events, pollIntervalMs: 20 });
    cleanups.push(() => store.close());
    keys = new SqliteCandidateKeyStore(files.keys, TokenCipher.fromConfig(testKeyRing()));
    cleanups.push(() => keys.close());

    const embedded = await SqliteBus.open({ path: files.bus, pollIntervalMs: 20 });
    const embeddedReads = await SqliteReadStore.open({ path: files.reads });
    legs.push({ name: 'embedded bus → embedded read store', bus: embedded, readStore: embeddedReads, rawReadModels: async () => rawFiles(files.reads), messages: [] });
    if (brokers?.length) {
      const kafka = await openBus({ kind: 'kafka', brokers }, `pii-proof-${run}`);
      const kafkaReads = join(dir, 'kafka-reads.sqlite');
      const reads = mongoUrl ? await MongoReadStore.open({ url: mongoUrl, database: mongoDatabase }) : await SqliteReadStore.open({ path: kafkaReads });
      legs.push({ name: `Kafka → ${mongoUrl ? 'MongoDB' : 'embedded'} read store`, bus: kafka, readStore: reads, rawReadModels: async () => (mongoUrl ? rawMongo(mongoUrl, mongoDatabase) : rawFiles(kafkaReads)), messages: [] });
    }
    for (const leg of legs) {
      cleanups.push(async () => {
        await leg.consumer?.stop();
        await leg.bus.close();
        await leg.readStore.close();
      });
      // Each topic with its .dlq (ensureTopics makes both).
      await leg.bus.ensureTopics(ourTopics.map((topic) => ({ topic, partitions: 3 })));
    }
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (mongoUrl) {
      const client = await MongoClient.connect(mongoUrl);
      await client.db(mongoDatabase).dropDatabase().catch(() => undefined);
      await client.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('erases a candidate on a GDPR request and one SR deleted: no name or email readable anywhere, the others intact, nothing resurrected', async () => {
    // 1. Sync: candidates of one trigger stage are observed, their PII sealed under their own keys.
    const { client } = await connectToSandbox(sandbox, { settings: { requestsPerSecond: 1000 } });
    const triggers = [pickTrigger(sandbox)];
    const now = () => new Date(sandbox.control.clock.now());
    const deps = { tenantId, client, store, pii: { keys, cipher }, clock: now, triggers };
    expect((await runInitialSync(deps, { runId: 'run-1' })).status).toBe('completed');
    const observed = (await store.readAll({ streamPrefixes: ['srCandidate-'] })).filter((e) => e.type === 'CandidateObserved');
    expect(observed.length).toBeGreaterThanOrEqual(3);
    const candidateIds = observed.map((e) => dataOf(e).candidateId).sort();
    const [requested, deleted, ...others] = candidateIds as [string, string, ...string[]];
    const erasedIds = [requested, deleted];
    const pii = (id: string) => sandbox.control.tenant().candidates.get(id)!;
    // Taken now: SR forgets the deleted candidate, the test must not.
    const secrets = new Map(candidateIds.map((id) => [id, [pii(id).firstName, pii(id).lastName, pii(id).email]]));

    // 2. Relay to every bus, read each topic back from the beginning, project into the read models, all along.
    const relays = legs.map((leg, i) => startRelay({ store, bus: leg.bus, categories, subscriptionId: `pii-proof-${i}`, topicFor }));
    const projected = new Map<Leg, Set<string>>();
    try {
      for (const leg of legs) {
        const models = await openReadModels(leg.readStore);
        const seen = new Set<string>();
        projected.set(leg, seen);
        leg.consumer = await leg.bus.consume({
          groupId: `pii-proof-reader-${run}`,
          topics: allTopics,
          handle: async (message) => {
            leg.messages.push(message);
            if (!message.topic.endsWith('.dlq')) await models.apply(parseEventMessage(message));
            seen.add(idOf(message) ?? '');
          },
        });
      }
      const everyEventProjected = async (what: string) => {
        const relayed = await store.readAll({ streamPrefixes: categories.map((c) => `${c}-`) });
        for (const leg of legs) {
          await eventually(() => relayed.every((e) => projected.get(leg)!.has(e.id)), { what: `${what}: all ${relayed.length} events read back from ${leg.name}`, timeoutMs: 60_000 });
        }
      };
      await everyEventProjected('after the initial sync');

      // Not vacuous: before the erasure, each erased candidate's PII is in every copy, sealed, and opens with its key.
      const keysBefore = new Map(await Promise.all(erasedIds.map(async (id) => [id, (await keys.find(tenantId, id)) as CandidateKey] as const)));
      const sealedCopiesOf = (id: string): EncryptedPii[] => [
        ...observed.filter((e) => dataOf(e).candidateId === id).map((e) => sealedOf(dataOf(e).pii)),
        ...legs.flatMap((leg) => leg.messages.filter((m) => isObservationOf(m, id)).map((m) => sealedOf(dataOf(parseEventMessage(m)).pii))),
      ];
      for (const id of erasedIds) {
        expect(sealedCopiesOf(id).length).toBeGreaterThanOrEqual(1 + legs.length);
        for (const sealed of sealedCopiesOf(id)) expect(cipher.decrypt(sealed, keysBefore.get(id)!, { tenant: tenantId, candidateId: id })).toMatchObject({ email: pii(id).email });
        for (const leg of legs) expect((await candidateDocument(leg, id))?.pii, `sealed PII of ${id} in ${leg.name}`).not.toBeNull();
      }

      // 3a. A GDPR erasure request for one candidate (what sr-poller's internal endpoint runs).
      await eraseCandidatePii({ store, keys, clock: now }, { tenantId, candidateId: requested, reason: 'erasureRequested', sourceId: 'erasure-request:gdpr-1' });
      // 3b. SR deletes another: the next incremental cycle reads CANDIDATE_DELETED from the audit feed.
      expect(sandbox.control.deleteCandidate({ candidateId: deleted }).ok).toBe(true);
      sandbox.control.advanceClock(1_000);
      const cycle = await runIncrementalSync(deps, { runId: 'run-2', sinceRunId: 'run-1' });
      expect(cycle.status).toBe('completed');
      expect(cycle.counts['candidatesErased']).toBe(1);

      // 4. A later cycle while SR still has the erased-on-request candidate, with new PII even: nothing comes back.
      pii(requested).email = `pii.${run}.changed@shred.example.com`;
      secrets.get(requested)!.push(pii(requested).email);
      sandbox.control.advanceClock(1_000);
      const later = await runIncrementalSync(deps, { runId: 'run-3', sinceRunId: 'run-2' });
      expect(later.status).toBe('completed');
      expect(later.counts['candidateEventsAppended'] ?? 0).toBe(0);
      await everyEventProjected('after the erasures');

      const candidateEvents = await store.readAll({ streamPrefixes: ['srCandidate-'] });
      for (const id of erasedIds) {
        const types = candidateEvents.filter((e) => e.stream === streams.srCandidate(tenantId, id)).map((e) => e.type);
        expect(types.at(-1), `${id} ends erased`).toBe('CandidatePiiErased');
        expect(types.filter((t) => t === 'CandidatePiiErased')).toHaveLength(1);
      }
      expect(candidateEvents.filter((e) => e.type === 'CandidatePiiErased').map((e) => (e.data as { reason: string }).reason).sort()).toEqual(['deletedInSr', 'erasureRequested']);

      // 5. Scan every copy, raw: no candidate's name or email in clear, the erased ones' or anyone else's.
      const copies: [string, string][] = [
        ['event store (file and WAL, raw bytes)', rawFiles(files.events)],
        ['event store (read through the port)', JSON.stringify(await store.readAll({}))],
        ...legs.map((leg): [string, string] => [`every message of ${leg.name}`, JSON.stringify(leg.messages)]),
        ...(await Promise.all(legs.map(async (leg): Promise<[string, string]> => [`read models of ${leg.name} (raw)`, await leg.rawReadModels()]))),
        ...(await Promise.all(legs.map(async (leg): Promise<[string, string]> => [`read models of ${leg.name} (port)`, JSON.stringify(await dumpReadModels(leg.readStore, [tenantId]))]))),
        ['candidate key store (raw bytes)', rawFiles(files.keys)],
      ];
      for (const [where, text] of copies) {
        expect(text.length, where).toBeGreaterThan(0);
        for (const id of candidateIds) for (const secret of secrets.get(id)!) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
      }

      // 6. Nothing of the erased decrypts any more; the read models hold none of their sealed PII; the others are intact.
      for (const id of erasedIds) {
        expect(rawFiles(files.keys).includes(keysBefore.get(id)!.keyId), `the key of ${id}, wrapped or not`).toBe(false);
        expect(await keys.find(tenantId, id)).toBeUndefined();
        await expect(keys.keyFor(tenantId, id)).rejects.toBeInstanceOf(CandidateShreddedError);
        for (const sealed of sealedCopiesOf(id)) {
          for (const other of others) {
            const otherKey = (await keys.find(tenantId, other)) as CandidateKey;
            expect(() => cipher.decrypt(sealed, { keyId: sealed.keyId, key: otherKey.key }, { tenant: tenantId, candidateId: id })).toThrow(DecryptionError);
          }
        }
        for (const leg of legs) {
          const document = await candidateDocument(leg, id);
          expect(document, `${id} in ${leg.name}`).toMatchObject({ pii: null, erased: { reason: id === requested ? 'erasureRequested' : 'deletedInSr' } });
          // Every document, as a reader gets it. (A SQLite file may keep the old bytes on a free page: the ciphertext only, which no key opens now.)
          const documents = JSON.stringify(await dumpReadModels(leg.readStore, [tenantId]));
          for (const sealed of sealedCopiesOf(id)) expect(documents.includes(sealed.ciphertext), `sealed PII of ${id} in ${leg.name}`).toBe(false);
        }
      }
      for (const other of others) {
        const otherKey = (await keys.find(tenantId, other))!;
        for (const leg of legs) {
          const document = await candidateDocument(leg, other);
          expect(document?.erased, `${other} in ${leg.name}`).toBeNull();
          expect(cipher.decrypt(document!.pii!, otherKey, { tenant: tenantId, candidateId: other })).toMatchObject({ email: pii(other).email });
        }
      }
    } finally {
      for (const relay of relays) await relay.stop();
    }
  }, 180_000);
});

async function candidateDocument(leg: Leg, candidateId: string) {
  const models = await openReadModels(leg.readStore);
  return (await models.collections.candidates.get(tenantId, candidateId))?.data;
}

type CandidateData = { candidateId: string; pii: EncryptedPii | { legacyPlaintext: unknown } };
const dataOf = (event: { data: unknown }) => event.data as CandidateData;
function sealedOf(pii: CandidateData['pii']): EncryptedPii {
  if (!isEncryptedPii(pii as EncryptedPii)) throw new Error('plaintext PII was appended');
  return pii as EncryptedPii;
}
const idOf = (message: BusMessage) => (JSON.parse(message.value) as { id?: string }).id;
const isObservationOf = (message: BusMessage, candidateId: string) => {
  if (message.topic.endsWith('.dlq')) return false;
  const event = parseEventMessage(message);
  return event.type === 'CandidateObserved' && dataOf(event).candidateId === candidateId;
};

/** A SQLite file and its WAL as text (latin1 keeps every byte), as a disk image or backup would hold them. */
function rawFiles(path: string): string {
  return [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1')).join('\n');
}

async function rawMongo(url: string, database: string): Promise<string> {
  const client = await MongoClient.connect(url);
  try {
    const db = client.db(database);
    const parts: unknown[] = [];
    for (const { name } of await db.listCollections().toArray()) parts.push(name, await db.collection(name).find({}).toArray());
    return JSON.stringify(parts);
  } finally {
    await client.close();
  }
}

/** One (job, stage) holding a few applications, so the poll observes a handful of candidates. */
function pickTrigger(sandbox: SrSandbox): TriggerStage {
  const groups = new Map<string, TriggerStage & { size: number }>();
  for (const a of sandbox.control.tenant().applications.values()) {
    if (a.status === 'NEW') continue;
    const key = `${a.jobId}/${a.status}/${a.subStatus ?? ''}`;
    const group = groups.get(key) ?? { jobId: a.jobId, status: a.status, subStatus: a.subStatus ?? null, size: 0 };
    group.size++;
    groups.set(key, group);
  }
  const [, { size: _size, ...trigger }] = [...groups.entries()].filter(([, g]) => g.size >= 3 && g.size < 100).sort(([a], [b]) => (a < b ? -1 : 1))[0]!;
  return trigger;
}
