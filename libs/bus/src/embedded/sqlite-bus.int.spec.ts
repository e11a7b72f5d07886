import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../bus.port';
import { busContract } from '../testing/bus.contract';
import { partitionFor } from './partitioner';
import { SqliteBus } from './sqlite-bus';

busContract('embedded (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-'));
  return {
    config: { kind: 'embedded', path: join(dir, 'bus.sqlite') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('embedded bus group rebalancing', () => {
  it('never lets two members work one partition, even when a member joins while a slow message is in hand', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const bus = await SqliteBus.open({ pollIntervalMs: 100 });
    const topic = 'rebalance';
    await bus.ensureTopics([{ topic, partitions: 4 }]);
    const keyFor = (partition: number) => {
      for (let i = 0; ; i++) if (partitionFor(`k${i}`, 4) === partition) return `k${i}`;
    };
    const handledBy = new Map<string, string[]>();
    const working = new Map<number, string>();
    let overlaps = 0;
    const handler = (member: string) => async (m: BusMessage) => {
      const other = working.get(m.partition);
      if (other && other !== member) overlaps++;
      working.set(m.partition, member);
      handledBy.set(m.value, [...(handledBy.get(m.value) ?? []), member]);
      await sleep(m.value === 'slow' ? 1_500 : 30);
      if (working.get(m.partition) === member) working.delete(m.partition);
    };
    const consumers = [
      await bus.consume({ groupId: 'g', topics: [topic], handle: handler('A') }),
      await bus.consume({ groupId: 'g', topics: [topic], handle: handler('C') }),
    ];
    await bus.publish(topic, [{ key: keyFor(1), value: 'slow' }]);
    await sleep(250);
    // B joins while the slow message holds the rebalance open; then a burst lands on another partition.
    const joining = bus.consume({ groupId: 'g', topics: [topic], handle: handler('B') });
    await sleep(5);
    await bus.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: keyFor(2), value: `p2-${i}` })));
    consumers.push(await joining);
    const deadline = Date.now() + 10_000;
    while (handledBy.size < 11 && Date.now() < deadline) await sleep(20);
    await sleep(200);
    await Promise.all(consumers.map((c) => c.stop()));
    await bus.close();

    expect(handledBy.size).toBe(11);
    expect([...handledBy.values()].filter((members) => members.length > 1)).toEqual([]);
    expect(overlaps).toBe(0);
  });
});
