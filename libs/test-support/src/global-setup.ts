import { announceSkip } from './reference';
import { isCi, serviceUrls } from './services';

/**
 * Finds the real servers once per test run: the env vars that `.ci/run` / `tools/infra.sh up` export
 * first, then testcontainers where a container runtime exists, else a loud skip (a failure in CI,
 * except for EventStoreDB, which no registry here can provide).
 */
type Stop = () => Promise<unknown>;
const stops: Stop[] = [];

async function hasContainerRuntime(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function setup(): Promise<void> {
  const urls = serviceUrls();
  const missing = [
    urls.kafkaBrokers ? undefined : 'kafka',
    urls.mongoUrl ? undefined : 'mongo',
    urls.esdbUrl ? undefined : 'esdb',
  ].filter((name): name is string => name !== undefined);
  const runtime = missing.length > 0 && (await hasContainerRuntime());

  if (runtime && missing.includes('kafka')) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:8.1.0').withKraft().start();
    stops.push(() => kafka.stop());
    process.env['KAFKA_BROKERS'] = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  }
  if (runtime && missing.includes('mongo')) {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const mongo = await new MongoDBContainer('mongo:8.0').start();
    stops.push(() => mongo.stop());
    process.env['MONGODB_URL'] = `${mongo.getConnectionString()}?directConnection=true`;
  }
  if (runtime && missing.includes('esdb')) {
    const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
    const esdb = await new KurrentDbContainer('kurrentplatform/kurrentdb:26.1').start();
    stops.push(() => esdb.stop());
    process.env['ESDB_URL'] = esdb.getConnectionString().replace(/^kurrentdb:/, 'esdb:');
  }

  const now = serviceUrls();
  const absent = { kafka: !now.kafkaBrokers, mongo: !now.mongoUrl };
  if (isCi() && (absent.kafka || absent.mongo)) {
    throw new Error(
      `CI needs real servers: ${[absent.kafka && 'KAFKA_BROKERS', absent.mongo && 'MONGODB_URL'].filter(Boolean).join(' and ')} not set and no container runtime. Run tools/infra.sh up.`,
    );
  }
  if (absent.kafka) announceSkip('Kafka suites', 'KAFKA_BROKERS not set and no container runtime (start one with: bash tools/kafka.sh start)');
  if (absent.mongo) announceSkip('MongoDB suites', 'MONGODB_URL not set and no container runtime (start one with: bash tools/ferretdb.sh start)');
}

export async function teardown(): Promise<void> {
  await Promise.all(stops.map((stop) => stop()));
}
