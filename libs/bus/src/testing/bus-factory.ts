import type { Bus } from '../bus.port';
import { SqliteBus } from '../embedded/sqlite-bus';

/** What a test process needs to open the same bus as another process. */
export type BusConfig = { kind: 'embedded'; path: string } | { kind: 'kafka'; brokers: string[] };

/** The Kafka session timeout of the buses tests open: the least a broker allows by default. */
export const testSessionTimeoutMs = 6_000;

export async function openBus(config: BusConfig, clientId = 'contract-tests'): Promise<Bus> {
  if (config.kind === 'embedded') return SqliteBus.open({ path: config.path, pollIntervalMs: 20 });
  // Loaded on demand, so the embedded bus's tests never load kafkajs.
  const { KafkaBus } = await import('../kafka/kafka-bus');
  return KafkaBus.open({ brokers: config.brokers, clientId, sessionTimeoutMs: testSessionTimeoutMs });
}
