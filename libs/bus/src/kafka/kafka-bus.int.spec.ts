import { announceSkip } from '@srw/test-support';
import { describe, it } from 'vitest';
import { testSessionTimeoutMs } from '../testing/bus-factory';
import { busContract } from '../testing/bus.contract';

// Set by .ci/run or tools/infra.sh (a Kafka broker from Maven Central jars), or by a testcontainer.
const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);

if (brokers?.length) {
  busContract(`Kafka (${brokers.join(',')})`, () => ({ config: { kind: 'kafka', brokers }, sessionTimeoutMs: testSessionTimeoutMs }));
} else {
  announceSkip('bus contract: Kafka', 'KAFKA_BROKERS not set and no container runtime');
  describe.skip('bus contract: Kafka (no broker)', () => it.skip('needs KAFKA_BROKERS', () => {}));
}
