import type { Bus } from '../bus.port';
import { SqliteBus } from '../embedded/sqlite-bus';
import { KafkaBus } from '../kafka/kafka-bus';

/** What a test process needs to open the same bus as another process. */
export type BusConfig = { kind: 'embedded'; path: string } | { kind: 'kafka'; brokers: string[] };

export function openBus(config: BusConfig, clientId = 'contract-tests'): Bus {
  return config.kind === 'embedded'
    ? new SqliteBus(config.path, { pollIntervalMs: 20 })
    : new KafkaBus({ brokers: config.brokers, clientId, sessionTimeoutMs: 6_000 });
}
