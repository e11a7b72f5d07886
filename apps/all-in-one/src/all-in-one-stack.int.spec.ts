import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, streams, topics } from '@srw/contracts';
import { silentLogger } from '@srw/observability';
import { appendEvents, createService, parseEventMessage, PortInUseError, type Service } from '@srw/runtime';
import { announceSkip, eventually } from '@srw/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { allInOneConfigSchema, type AllInOneConfig } from './config';
import { createAllInOne } from './all-in-one-stack';

const dir = mkdtempSync(join(tmpdir(), 'all-in-one-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const real = { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], MONGODB_URL: process.env['MONGODB_URL'] };
const modes: [string, Record<string, string>][] = [['embedded adapters', {}]];
if (real.KAFKA_BROKERS && real.MONGODB_URL) {
  modes.push(['Kafka and the Mongo-wire server', { KAFKA_BROKERS: real.KAFKA_BROKERS, MONGODB_URL: real.MONGODB_URL, MONGODB_DATABASE: 'all_in_one_test' }]);
} else {
  announceSkip('all-in-one on real servers', 'KAFKA_BROKERS or MONGODB_URL not set');
}

const testEnv = (env: Record<string, string> = {}) => ({
  DATA_DIR: join(dir, randomUUID()),
  PORT: '0',
  SR_SANDBOX_PORT: '0',
  WILLO_SANDBOX_PORT: '0',
  SR_SANDBOX_JOBS: '20',
  SR_SANDBOX_CANDIDATES: '50',
  // Its own consumer groups: on a shared Kafka, another run's stage-projector must not split the partitions with it.
  STAGE_PROJECTOR_GROUP_PREFIX: `all-in-one-test-${randomUUID()}`,
  ...env,
});

describe.each(modes)('all in one process on %s', (_mode, env) => {
  let service: Service<AllInOneConfig> | undefined;
  afterAll(() => service?.stop());

  it('serves health, runs both sandboxes and relays appended events to the bus', async () => {
    const allInOne = createAllInOne();
    service = await createService(allInOne.definition, { env: testEnv(env), logger: silentLogger });
    const url = await service.start();
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { adapters: unknown };
    expect(ready.adapters).toEqual({
      eventStore: 'embedded',
      bus: env['KAFKA_BROKERS'] ? 'kafka' : 'embedded',
      readStore: env['MONGODB_URL'] ? 'mongodb' : 'embedded',
    });
    expect((await fetch(`${allInOne.sandboxes().sr.url}/jobs`)).status).toBe(401);
    // PORT=0: SR's redirect URI could not be registered before listening, so Enable says what to set.
    expect(allInOne.enableUrl()).toBeUndefined();
    const enable = await fetch(`${url}/demo/enable`, { redirect: 'manual' });
    expect(enable.status).toBe(409);
    expect(enable.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await enable.json()) as { detail: string }).detail).toMatch(/set PORT to a fixed port or PUBLIC_BASE_URL/);

    const tenant = `t${randomUUID().slice(0, 8)}`;
    const seen: string[] = [];
    const consumer = await service.adapters.bus.consume({
      groupId: `all-in-one-test-${randomUUID()}`,
      topics: [topics.integration],
      handle: async (raw) => {
        const message = parseEventMessage(raw);
        if (message.metadata.tenantId === tenant) seen.push(message.type);
      },
    });
    const metadata = { tenantId: tenant, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
    await appendEvents(service.adapters.eventStore, streams.integration(tenant), [
      { event: createEvent('IntegrationEnableRequested', { requestedBy: 'admin', plan: 'growth' }, metadata) },
    ]);
    await eventually(() => seen.includes('IntegrationEnableRequested'), { what: 'the relayed event', timeoutMs: 30_000 });
    await consumer.stop();
  });
});

describe('all-in-one start-up', () => {
  it('names the setting of a sandbox port that is taken, and leaves nothing open', async () => {
    const taken = await new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    try {
      const port = (taken.address() as AddressInfo).port;
      const service = await createService(createAllInOne().definition, { env: testEnv({ WILLO_SANDBOX_PORT: String(port) }), logger: silentLogger });
      const failure = await service.start().then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(PortInUseError);
      expect((failure as Error).message).toBe(`WILLO_SANDBOX_PORT ${port} is in use: set WILLO_SANDBOX_PORT to a free port`);
      // A failed start stops what it had started: the adapters are closed.
      await expect(service.adapters.eventStore.ping()).rejects.toThrow(/closed/);
      expect(service.url).toBeUndefined();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('all-in-one configuration', () => {
  it('names every bad setting at once', () => {
    const result = allInOneConfigSchema.safeParse({ KAFKA_BROKERS: 'nohost', MONGODB_URL: 'http://x', PORT: 'eighty' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['KAFKA_BROKERS.0', 'MONGODB_URL', 'PORT']);
  });
});
