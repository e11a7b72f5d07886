import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafkaGroupsAtTopicEnds } from '@srw/bus/testing';
import { topics } from '@srw/contracts';
import { announceSkip, eventually } from '@srw/test-support';
import { testKeyRing } from '@srw/vault/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/** The app alone in its own process, as deployed: `main.ts` with nothing but environment variables. */
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sr-poller-main-'));
const brokers = process.env['KAFKA_BROKERS'];
const mongoUrl = process.env['MONGODB_URL'];
const required = { CONNECTOR_AUTH_URL: 'http://127.0.0.1:9', INTERNAL_SERVICE_TOKEN: 's'.repeat(40), VAULT_KEYS: `k1:${testKeyRing('k1').keys['k1']}`, VAULT_CURRENT_KEY_ID: 'k1' };

const setups: [string, Record<string, string>][] = [['embedded adapters', {}]];
if (brokers && mongoUrl) {
  // Its group starts at the topics' ends: the broker holds earlier tests' tenants, whose syncs it would start.
  setups.push(['Kafka and the MongoDB wire server', { KAFKA_BROKERS: brokers, MONGODB_URL: mongoUrl, SR_POLLER_GROUP_PREFIX: `sr-poller-main-${randomUUID().slice(0, 8)}`, SR_POLLER_REPLICA_ID: 'main-spec' }]);
} else {
  announceSkip('sr-poller process on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set');
}

const children: ChildProcess[] = [];
afterEach(() => {
  // Only if a test failed half-way: the child this test started, by its pid.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const { KAFKA_BROKERS: _k, MONGODB_URL: _m, ESDB_URL: _e, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: repoRoot,
    env: { ...inherited, PORT: '0', DATA_DIR: join(dir, randomUUID()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  child.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe.each(setups)('sr-poller main.ts on %s', (_name, env) => {
  it('starts alone, answers /readyz and stops on SIGTERM with exit code 0', async () => {
    if (env['KAFKA_BROKERS']) {
      await startKafkaGroupsAtTopicEnds(env['KAFKA_BROKERS'].split(','), [{ groupId: `${env['SR_POLLER_GROUP_PREFIX']}.${env['SR_POLLER_REPLICA_ID']}`, topics: [topics.integration, topics.mapping] }]);
    }
    const { child, output, exited } = start({ ...required, ...env });
    const url = await eventually(
      () => {
        const line = output.find((l) => l.includes('"message":"started"'));
        return line ? (JSON.parse(line) as { url: string }).url : undefined;
      },
      { what: `the started line (output so far: ${output.join('\n')})` },
    );
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited, output.join('\n')).toBe(0);
  });
});

describe('sr-poller main.ts with a bad configuration', () => {
  it('exits 1 naming every bad key at once, echoing no value', async () => {
    const secret = 'short-secret';
    const { output, exited } = start({ INTERNAL_SERVICE_TOKEN: secret, SR_POLLER_LEASE_TTL_MS: '5', SR_API_URL: 'not a url' });
    expect(await exited).toBe(1);
    const text = output.join('\n');
    for (const key of ['CONNECTOR_AUTH_URL', 'INTERNAL_SERVICE_TOKEN', 'SR_POLLER_LEASE_TTL_MS', 'SR_API_URL', 'VAULT_KEYS', 'VAULT_CURRENT_KEY_ID']) expect(text).toContain(key);
    expect(text).not.toContain(secret);
  });
});
