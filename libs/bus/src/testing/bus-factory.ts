import type { Bus } from '../bus.port';
import { SqliteBus } from '../embedded/sqlite-bus';

/** What a test process needs to open the same bus as another process. */
export type BusConfig = { kind: 'embedded'; path: string } | { kind: 'kafka'; brokers: string[] };

export async function openBus(config: BusConfig, clientId = 'contract-tests'): Promise<Bus> {
  if (config.kind === 'embedded') return SqliteBus.open({ path: config.path, pollIntervalMs: 20 });
  // Loaded on demand, so the embedded bus's tests never load kafkajs.
  const { KafkaBus } = await import('../kafka/kafka-bus');
  return KafkaBus.open({ brokers: config.brokers, clientId, sessionTimeoutMs: 6_000 });
}
