import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '@srw/errors';
import { dlqTopic } from '@srw/contracts';
import { ATTR_MESSAGING_CONSUMER_GROUP_NAME, ATTR_MESSAGING_DESTINATION_NAME, metricNames } from '@srw/observability';
import { createGate, eventually, startTestTracing, type TestTracing } from '@srw/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqHeaders, type Bus, type BusMessage, type Consumer } from '../bus.port';
import { openBus, type BusConfig } from './bus-factory';

export interface BusHarness {
  config: BusConfig;
  /** How long the group waits for a silent member (Kafka); none for a bus without sessions. */
  sessionTimeoutMs?: number;
  cleanup?(): Promise<void>;
}

const waitUntil = (check: () => boolean, what: string, timeoutMs = 45_000) => eventually(check, { what, timeoutMs, intervalMs: 25 });

const crashConsumerScript = fileURLToPath(new URL('./crash-consumer.ts', import.meta.url));

/** The one contract every bus adapter passes. */
export function busContract(adapter: string, harness: () => BusHarness): void {
  describe(`bus contract: ${adapter}`, () => {
    const h = harness();
    const run = randomUUID().slice(0, 8);
    const topicName = (name: string) => `contract.${run}.${name}`;
    let bus: Bus;
    const consumers: Consumer[] = [];
    const consume = async (...args: Parameters<Bus['consume']>) => {
      const consumer = await bus.consume(...args);
      consumers.push(consumer);
      return consumer;
    };

    beforeAll(async () => {
      bus = await openBus(h.config);
    });
    afterAll(async () => {
      await Promise.all(consumers.map((c) => c.stop()));
      await bus.close();
      await h.cleanup?.();
    });

    it('keeps the order of messages with the same key and passes headers through', async () => {
      const topic = topicName('order');
      await bus.ensureTopics([{ topic, partitions: 3 }]);
      const keys = Array.from({ length: 6 }, (_, i) => `key-${i}`);
      for (let round = 0; round < 4; round++) {
        await bus.publish(
          topic,
          Array.from({ length: 30 }, (_, i) => {
            const key = keys[i % keys.length]!;
            return { key, value: `${key}:${round * 30 + i}`, headers: { 'x-round': String(round), traceparent: `tp-${i}` } };
          }),
        );
      }
      const seen = new Map<string, number[]>();
      const headers: Record<string, string>[] = [];
      // Recorded, asserted afterwards: an expect inside a handler only fails into retries and the DLQ.
      const keyMismatches: string[] = [];
      await consume({
        groupId: `order-${run}`,
        topics: [topic],
        handle: async (message) => {
          const [key, n] = message.value.split(':');
          if (message.key !== key) keyMismatches.push(`${message.key} carried ${message.value}`);
          seen.set(key!, [...(seen.get(key!) ?? []), Number(n)]);
          headers.push(message.headers);
        },
      });
      await waitUntil(() => headers.length >= 120, '120 messages');
      expect(keyMismatches).toEqual([]);
      for (const key of keys) {
        const sequence = seen.get(key)!;
        expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
        expect(sequence).toHaveLength(20);
      }
      expect(headers[0]).toMatchObject({ 'x-round': expect.any(String), traceparent: expect.stringMatching(/^tp-/) });
    });

    it('shares partitions among the members of a group: each message handled once, each key by one member', async () => {
      const topic = topicName('group');
      await bus.ensureTopics([{ topic, partitions: 4 }]);
      const byMember: [string[], string[]] = [[], []];
      const groupId = `group-${run}`;
      for (const index of [0, 1] as const) {
        await consume({ groupId, topics: [topic], handle: async (m) => void byMember[index].push(m.value) });
      }
      // `consume` resolves once the member holds partitions, so the group is settled here.
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
      await bus.publish(topic, Array.from({ length: 200 }, (_, i) => ({ key: keys[i % 40]!, value: `${keys[i % 40]}#${i}` })));
      // One end marker per key: a key's marker comes after all of its messages (order per key), so
      // once every marker is in, any duplicate delivery of the 200 would already have been seen.
      await bus.publish(topic, keys.map((key) => ({ key, value: `${key}#end` })));
      const isMarker = (value: string) => value.endsWith('#end');
      await waitUntil(() => [...byMember[0], ...byMember[1]].filter(isMarker).length >= keys.length, 'every key\'s end marker');
      const all = [...byMember[0], ...byMember[1]].filter((value) => !isMarker(value));
      expect(new Set(all).size).toBe(200);
      expect(all).toHaveLength(200);
      expect(byMember[0].length).toBeGreaterThan(0);
      expect(byMember[1].length).toBeGreaterThan(0);
      const keysOf = (values: string[]) => new Set(values.filter((v) => !isMarker(v)).map((v) => v.split('#')[0]));
      const shared = [...keysOf(byMember[0])].filter((k) => keysOf(byMember[1]).has(k));
      expect(shared).toEqual([]);
    });

    /** Runs `crash-consumer.ts` in its own process until it is inside the handler of `hangOn`, then SIGKILLs it. */
    async function killedMidHandler(topic: string, groupId: string, hangOn: string, batchSize?: number) {
      const args = [crashConsumerScript, JSON.stringify(h.config), topic, groupId, hangOn, ...(batchSize ? [String(batchSize)] : [])];
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      const started: string[] = [];
      const done: string[] = [];
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const [what, id] = line.split(' ');
          if (what === 'start') started.push(id!);
          if (what === 'done') done.push(id!);
        }
      });
      // 'close', not 'exit': only then has every line the child wrote been read.
      const exited = new Promise((resolve) => child.on('close', resolve));
      await waitUntil(() => started.includes(hangOn), `the child to be inside the handler of ${hangOn}`, 60_000);
      child.kill('SIGKILL');
      await exited;
      return { done, inFlight: started.filter((id) => !done.includes(id)) };
    }

    it('delivers again what a consumer killed mid-batch had not committed, and loses nothing', async () => {
      const topic = topicName('crash');
      const groupId = `crash-${run}`;
      await bus.ensureTopics([{ topic, partitions: 2 }]);
      const total = 120;
      await bus.publish(topic, Array.from({ length: total }, (_, i) => ({ key: `k${i % 7}`, value: `m${i}` })));
      const hangOn = 'm45';
      const { done, inFlight } = await killedMidHandler(topic, groupId, hangOn);

      const redelivered: string[] = [];
      await consume({ groupId, topics: [topic], handle: async (m) => void redelivered.push(m.value) });
      const handled = () => new Set([...done, ...redelivered]);
      await waitUntil(() => handled().size >= total, 'every message after the restart', 60_000);
      expect(handled().size).toBe(total);
      // What was in the handler when the process died was not committed: it comes again.
      expect(inFlight).toContain(hangOn);
      for (const id of inFlight) expect(redelivered).toContain(id);
    });

    it('commits each batch its handler finished: a consumer killed in a later batch gets only what was unfinished again', async () => {
      const topic = topicName('crash-batches');
      const groupId = `crash-batches-${run}`;
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const total = 120;
      await bus.publish(topic, Array.from({ length: total }, (_, i) => ({ key: 'k', value: `m${i}` })));
      const hangOn = 'm75';
      const { done, inFlight } = await killedMidHandler(topic, groupId, hangOn, 10);
      // Not vacuous: several batches were finished before the one that hung.
      expect(done.length).toBeGreaterThanOrEqual(30);

      const redelivered: string[] = [];
      await consume({ groupId, topics: [topic], handle: async (m) => void redelivered.push(m.value) });
      await waitUntil(() => redelivered.includes(`m${total - 1}`), 'the last message after the restart', 60_000);
      expect(new Set([...done, ...redelivered]).size).toBe(total);
      for (const id of inFlight) expect(redelivered).toContain(id);
      // A finished batch was committed before the next one began: a crash costs one batch, not the whole fetch.
      expect(redelivered.filter((id) => done.includes(id))).toEqual([]);
    });

    it('keeps its partitions while a handler outlasts the group’s session timeout: nothing is delivered twice', async () => {
      const topic = topicName('slow');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const total = 30;
      await bus.publish(topic, Array.from({ length: total }, (_, i) => ({ key: 'k', value: `m${i}` })));
      // The fault injected: one batch whose handler runs half as long again as the session lasts (a
      // slow store), which no heartbeat between batches could cover.
      const slowForMs = Math.round((h.sessionTimeoutMs ?? 1_000) * 1.5);
      const handled: string[] = [];
      let slowed = false;
      await consume({
        groupId: `slow-${run}`,
        topics: [topic],
        maxBatchSize: 10,
        handle: async (message) => void handled.push(message.value),
        handleBatch: async (messages) => {
          if (!slowed) {
            slowed = true;
            await new Promise((r) => setTimeout(r, slowForMs));
          }
          handled.push(...messages.map((m) => m.value));
        },
      });
      await waitUntil(() => handled.includes(`m${total - 1}`), 'the last message', 60_000);
      await bus.publish(topic, [{ key: 'k', value: 'after' }]);
      // One key, one partition: anything delivered again would come before `after`.
      await waitUntil(() => handled.includes('after'), 'the message published after the slow batch', 60_000);
      expect(handled).toEqual([...Array.from({ length: total }, (_, i) => `m${i}`), 'after']);
    });

    it('retries a failing message a bounded number of times, then dead-letters it with the error and goes on', async () => {
      const topic = topicName('retry');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const attempts = new Map<string, number>();
      const handled: string[] = [];
      const deadLettered: BusMessage[] = [];
      await consume({
        groupId: `retry-${run}`,
        topics: [topic],
        maxAttempts: 3,
        retryBackoffMs: 10,
        onDeadLetter: (message) => void deadLettered.push(message),
        handle: async (message) => {
          const n = (attempts.get(message.value) ?? 0) + 1;
          attempts.set(message.value, n);
          if (message.value === 'poison') throw new Error('cannot handle poison');
          if (message.value === 'flaky' && n === 1) throw new Error('flaky once');
          if (message.value === 'unknown-candidate') throw new NotFoundError('candidate c1 does not exist');
          handled.push(message.value);
        },
      });
      await bus.publish(topic, ['before', 'poison', 'flaky', 'unknown-candidate', 'after'].map((value) => ({ key: 'same', value, headers: { origin: 'test' } })));
      await waitUntil(() => handled.includes('after'), 'the message after the poison one');
      expect(handled).toEqual(['before', 'flaky', 'after']);
      expect(attempts.get('poison')).toBe(3);
      expect(attempts.get('flaky')).toBe(2);
      // Not retryable by its own account: straight to the DLQ.
      expect(attempts.get('unknown-candidate')).toBe(1);
      expect(deadLettered.map((m) => m.value)).toEqual(['poison', 'unknown-candidate']);

      const dlq: BusMessage[] = [];
      await consume({ groupId: `dlq-reader-${run}`, topics: [dlqTopic(topic)], handle: async (m) => void dlq.push(m) });
      await waitUntil(() => dlq.length >= 2, 'two dead letters');
      expect(dlq[0]).toMatchObject({
        key: 'same',
        value: 'poison',
        headers: {
          origin: 'test',
          [dlqHeaders.errorMessage]: 'cannot handle poison',
          [dlqHeaders.errorCode]: 'Error',
          [dlqHeaders.attempts]: '3',
          [dlqHeaders.originalTopic]: topic,
        },
      });
      expect(dlq[1]!.headers[dlqHeaders.errorCode]).toBe('NOT_FOUND');
    });

    it('hands a batch handler the messages of one partition in order, at most maxBatchSize at a time, each once', async () => {
      const topic = topicName('batch');
      await bus.ensureTopics([{ topic, partitions: 2 }]);
      const total = 240;
      await bus.publish(topic, Array.from({ length: total }, (_, i) => ({ key: `k${i % 5}`, value: `k${i % 5}:${i}` })));
      const batches: BusMessage[][] = [];
      const oneByOne: string[] = [];
      await consume({
        groupId: `batch-${run}`,
        topics: [topic],
        maxBatchSize: 50,
        handleBatch: async (messages) => void batches.push([...messages]),
        handle: async (message) => void oneByOne.push(message.value),
      });
      await waitUntil(() => batches.flat().length >= total, `${total} messages in batches`);
      const values = batches.flat().map((m) => m.value);
      expect(new Set(values).size).toBe(total);
      expect(oneByOne).toEqual([]);
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(50);
      // Not vacuous: messages did come together.
      expect(batches.some((b) => b.length > 1)).toBe(true);
      for (const batch of batches) expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
      for (let k = 0; k < 5; k++) {
        const sequence = values.filter((v) => v.startsWith(`k${k}:`)).map((v) => Number(v.split(':')[1]));
        expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      }
    });

    it('handles a failing batch one message at a time: only the poison message is dead-lettered', async () => {
      const topic = topicName('batch-poison');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(topic, ['b1', 'b2', 'poison', 'b3', 'b4'].map((value) => ({ key: 'same', value })));
      const inBatches: string[] = [];
      const handled: string[] = [];
      const deadLettered: string[] = [];
      await consume({
        groupId: `batch-poison-${run}`,
        topics: [topic],
        maxAttempts: 2,
        retryBackoffMs: 10,
        onDeadLetter: (message) => void deadLettered.push(message.value),
        handleBatch: async (messages) => {
          if (messages.some((m) => m.value === 'poison')) throw new Error('a poison message in the batch');
          inBatches.push(...messages.map((m) => m.value));
        },
        handle: async (message) => {
          if (message.value === 'poison') throw new Error('cannot handle poison');
          handled.push(message.value);
        },
      });
      await bus.publish(topic, [{ key: 'same', value: 'after' }]);
      await waitUntil(() => [...inBatches, ...handled].includes('after'), 'the message after the poison one');
      expect(deadLettered).toEqual(['poison']);
      expect([...handled, ...inBatches].filter((v) => v !== 'after').sort()).toEqual(['b1', 'b2', 'b3', 'b4']);
    });

    it('keeps messages and committed offsets across a restart of the bus', async () => {
      const topic = topicName('durable');
      const groupId = `durable-${run}`;
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(topic, [1, 2, 3].map((n) => ({ key: 'k', value: `v${n}` })));
      const first: string[] = [];
      const consumer = await bus.consume({ groupId, topics: [topic], handle: async (m) => void first.push(m.value) });
      await waitUntil(() => first.length >= 3, 'three messages');
      await consumer.stop();

      const reopened = await openBus(h.config);
      try {
        await reopened.publish(topic, [{ key: 'k', value: 'v4' }]);
        const second: string[] = [];
        const again = await reopened.consume({ groupId, topics: [topic], handle: async (m) => void second.push(m.value) });
        await waitUntil(() => second.length >= 1, 'the new message');
        await again.stop();
        // One key, one partition: a redelivered v1..v3 would have come before v4.
        expect(second).toEqual(['v4']);
      } finally {
        await reopened.close();
      }
    });

    describe('metrics', () => {
      let tracing: TestTracing;
      beforeAll(() => {
        tracing = startTestTracing();
      });
      afterAll(() => tracing.stop());

      it('reports a group’s lag on a partition, down to 0 once it caught up, and counts the messages it dead-letters', async () => {
        const topic = topicName('metrics');
        const groupId = `metrics-${run}`;
        await bus.ensureTopics([{ topic, partitions: 1 }]);
        await bus.publish(topic, ['m1', 'm2', 'poison', 'm4', 'm5'].map((value) => ({ key: 'same', value })));
        const first = createGate();
        const handled: string[] = [];
        await consume({
          groupId,
          topics: [topic],
          handle: async (message) => {
            if (message.value === 'm1') await first.wait();
            if (message.value === 'poison') throw new NotFoundError('candidate c1 does not exist');
            handled.push(message.value);
          },
        });
        const lag = async () => (await tracing.metricPoints(metricNames.consumerLag)).find((point) => point.attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] === groupId);
        // Measured when the messages were taken up, before the first is done.
        const behind = await eventually(async () => (await lag()) ?? false, { what: 'the group’s lag to be reported', timeoutMs: 45_000 });
        expect(behind.value).toBeGreaterThan(0);
        expect(behind.attributes).toMatchObject({ [ATTR_MESSAGING_DESTINATION_NAME]: topic, 'messaging.destination.partition.id': '0' });
        first.open();
        await waitUntil(() => handled.includes('m5'), 'the last message');
        await eventually(async () => (await lag())?.value === 0 || undefined, { what: 'the lag to fall to 0', timeoutMs: 45_000 });
        const deadLetters = (await tracing.metricPoints(metricNames.dlqMessages)).filter((point) => point.attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] === groupId);
        expect(deadLetters).toEqual([{ attributes: { [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId, [ATTR_MESSAGING_DESTINATION_NAME]: topic }, value: 1 }]);
      });
    });

    it('answers a ping while open and fails it once closed', async () => {
      const probe = await openBus(h.config);
      await expect(probe.ping()).resolves.toBeUndefined();
      await probe.close();
      await expect(probe.ping()).rejects.toThrow(/closed/);
    });
  });
}
