import { randomUUID } from 'node:crypto';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { topics } from '@srw/contracts';
import { testJwt } from '@srw/http-api/testing';
import { freePort } from '@srw/test-support';

/**
 * Consumer groups of one all-in-one run, named afresh after `name` (on a shared Kafka another run's
 * groups must not split the partitions with it), as the settings that name them, every group of the
 * six apps. On Kafka they are started at the topics' ends: every message the run consumes comes from
 * its own event store through its relay, past the backlog other runs left on the broker.
 */
export async function runGroups(name: string, kafkaBrokers: string | undefined): Promise<Record<string, string>> {
  const groups = {
    projector: `${name}-projector-${randomUUID()}`,
    poller: `${name}-poller-${randomUUID()}`,
    replica: `replica-${randomUUID().slice(0, 8)}`,
    invites: `${name}-invites-${randomUUID()}`,
    writeback: `${name}-writeback-${randomUUID()}`,
  };
  if (kafkaBrokers) {
    await startKafkaGroupsAtTopicEnds(kafkaBrokers.split(','), [
      ...(['integration', 'observations', 'mapping', 'invite'] as const).map((name) => ({ groupId: `${groups.projector}.${name}`, topics: [topics[name]] })),
      { groupId: `${groups.poller}.${groups.replica}`, topics: [topics.integration, topics.mapping] },
      { groupId: groups.invites, topics: [topics.invite] },
      { groupId: `${groups.writeback}.notes`, topics: [topics.invite] },
      { groupId: `${groups.writeback}.pending`, topics: [topics.invite] },
    ]);
  }
  return {
    STAGE_PROJECTOR_GROUP_PREFIX: groups.projector,
    SR_POLLER_GROUP_PREFIX: groups.poller,
    SR_POLLER_REPLICA_ID: groups.replica,
    INVITE_DISPATCHER_GROUP: groups.invites,
    RESPONSE_WRITEBACK_GROUP_PREFIX: groups.writeback,
  };
}

export interface AllInOneRun {
  /** Prefixes the run's consumer groups. */
  name: string;
  dataDir: string;
  /** The size of the seeded SR sandbox. */
  sandbox: { jobs: number; candidates: number };
  /** Kafka and Mongo (KAFKA_BROKERS, MONGODB_URL, MONGODB_DATABASE); none: the embedded adapters. */
  serverEnv?: Record<string, string>;
  /**
   * config-api trusts the demo's own sign-in (the secret it generates into the data directory), not
   * the test JWTs: with a JWT secret in the environment the demo never mints tokens.
   */
  demoSignIn?: boolean;
}

/**
 * The settings of one all-in-one run driven by a test or a bench: free ports, its own data directory,
 * a seeded SR sandbox of that size, config-api trusting the test JWTs (unless `demoSignIn`), fresh
 * groups (see `runGroups`) and a sync retried a second after a failure. `serverEnv` comes last.
 */
export async function allInOneRunEnv({ name, dataDir, sandbox, serverEnv = {}, demoSignIn = false }: AllInOneRun): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    SR_SANDBOX_PORT: String(await freePort()),
    WILLO_SANDBOX_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    EMBEDDED_DURABILITY: 'process',
    SR_SANDBOX_JOBS: String(sandbox.jobs),
    SR_SANDBOX_CANDIDATES: String(sandbox.candidates),
    ...(demoSignIn ? {} : { JWT_HS256_SECRET: testJwt.secret, JWT_ISSUER: testJwt.issuer, JWT_AUDIENCE: testJwt.audience }),
    ...(await runGroups(name, serverEnv['KAFKA_BROKERS'])),
    SR_POLLER_RETRY_DELAY_MS: '1000',
    ...serverEnv,
  };
}
