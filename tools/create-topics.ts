/**
 * Creates every topic the services use (and their `.dlq` twins) on the Kafka cluster in
 * KAFKA_BROKERS, if missing. Run once per cluster: `KAFKA_BROKERS=host:9092 npx tsx tools/create-topics.ts`.
 */
import { KafkaBus } from '@srw/bus/kafka';
import { topicSpecs } from '@srw/runtime';

const brokers = process.env['KAFKA_BROKERS']?.split(',').filter(Boolean);
if (!brokers?.length) {
  console.error('create-topics: set KAFKA_BROKERS (e.g. 127.0.0.1:9092)');
  process.exit(2);
}
const bus = await KafkaBus.open({ brokers, clientId: 'create-topics' });
try {
  await bus.ensureTopics(topicSpecs);
  for (const spec of topicSpecs) console.log(`create-topics: ${spec.topic} (+ .dlq), ${spec.partitions} partitions`);
} finally {
  await bus.close();
}
