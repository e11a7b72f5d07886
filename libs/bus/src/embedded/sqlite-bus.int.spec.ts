import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGate, eventually } from '@srw/test-support';
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
    const bus = await SqliteBus.open({ pollIntervalMs: 100 });
    const topic = 'rebalance';
    await bus.ensureTopics([{ topic, partitions: 4 }]);
    const keyFor = (partition: number) => {
      for (let i = 0; ; i++) if (partitionFor(`k${i}`, 4) === partition) return `k${i}`;
    };
    const slow = createGate();
    const handledBy = new Map<string, string[]>();
    const working = new Map<number, string>();
    let overlaps = 0;
    const handler = (member: string) => async (m: BusMessage) => {
      const other = working.get(m.partition);
      if (other && other !== member) overlaps++;
      working.set(m.partition, member);
      handledBy.set(m.value, [...(handledBy.get(m.value) ?? []), member]);
      // The slow message holds its partition until the test has set up the join and the burst.
      if (m.value === 'slow') await slow.wait();
      else await new Promise((r) => setImmediate(r));
      if (working.get(m.partition) === member) working.delete(m.partition);
    };
    const consumers = [
      await bus.consume({ groupId: 'g', topics: [topic], handle: handler('A') }),
      await bus.consume({ groupId: 'g', topics: [topic], handle: handler('C') }),
    ];
    await bus.publish(topic, [{ key: keyFor(1), value: 'slow' }]);
    await slow.reached;
    // B asks to join while the slow message is in hand: the rebalance it starts must wait for it.
    const joining = bus.consume({ groupId: 'g', topics: [topic], handle: handler('B') });
    // ... and a burst lands on another partition while that rebalance is pending.
    await bus.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: keyFor(2), value: `p2-${i}` })));
    slow.open();
    consumers.push(await joining);
    await eventually(() => handledBy.size >= 11, { what: 'the slow message and the burst' });
    // Markers behind them on both partitions: once they are in, a redelivery would have shown.
    await bus.publish(topic, [1, 2].map((partition) => ({ key: keyFor(partition), value: `end-${partition}` })));
    await eventually(() => handledBy.has('end-1') && handledBy.has('end-2'), { what: 'the end markers' });
    await Promise.all(consumers.map((c) => c.stop()));
    await bus.close();

    expect(handledBy.size).toBe(13);
    expect([...handledBy.values()].filter((members) => members.length > 1)).toEqual([]);
    expect(overlaps).toBe(0);
  });
});
