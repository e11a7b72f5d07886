/**
 * Where the real servers are. `.ci/run` and `tools/infra.sh up` start Kafka and the Mongo-wire server
 * and export their addresses; the vitest global setup falls back to testcontainers where a container
 * runtime exists. In CI a missing Kafka or Mongo is a failure, never a skip; only EventStoreDB may be
 * absent (no build of it exists on any registry this project can reach).
 */
export interface ServiceUrls {
  kafkaBrokers?: string[];
  mongoUrl?: string;
  esdbUrl?: string;
}

export function serviceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  return {
    kafkaBrokers: env['KAFKA_BROKERS']?.split(',').filter(Boolean),
    mongoUrl: env['MONGODB_URL'] || undefined,
    esdbUrl: env['ESDB_URL'] || undefined,
  };
}

export const isCi = (env: NodeJS.ProcessEnv = process.env) => env['CI'] === 'true' || env['CI'] === '1';
