import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaBus } from '@srw/bus/kafka';
import { createEvent, streams, topics } from '@srw/contracts';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { silentLogger } from '@srw/observability';
import { MongoReadStore } from '@srw/read-store/mongo';
import { announceSkip, eventually } from '@srw/test-support';
import { Hono } from 'hono';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Adapters } from './adapters';
import { appendEvents } from './event-append';
import { createService, type Service, type ServiceDefinition } from './run-service';
import { serviceConfigSchema, type ServiceConfig } from './service-config';
import { memoryAdapters } from './testing/memory-adapters';
import { topicSpecs } from './topic-specs';

const dir = mkdtempSync(join(tmpdir(), 'run-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kafkaBrokers = process.env['KAFKA_BROKERS'];
const mongoUrl = process.env['MONGODB_URL'];

const definition = (extra: Partial<ServiceDefinition<ServiceConfig>> = {}): ServiceDefinition<ServiceConfig> => ({
  name: `test-${randomUUID().slice(0, 8)}`,
  configSchema: serviceConfigSchema,
  ...extra,
});
const env = (extra: Record<string, string> = {}) => ({ PORT: '0', DATA_DIR: join(dir, randomUUID()), READY_CHECK_TIMEOUT_MS: '1500', ...extra });

const services: Service<ServiceConfig>[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop().catch(() => undefined)));
});
async function started(def: ServiceDefinition<ServiceConfig>, options: { env?: Record<string, string>; adapters?: Adapters } = {}) {
  const service = await createService(def, { env: env(options.env), logger: silentLogger, ...(options.adapters ? { adapters: options.adapters } : {}) });
  services.push(service);
  await service.start();
  return service;
}

/** A port nobody listens on: taken from the system, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Readyz {
  status: number;
  body: { detail?: string; checks: Record<string, { adapter: string; status: string; error?: string }> };
}
async function readyz(service: Service<ServiceConfig>): Promise<Readyz> {
  const response = await fetch(`${service.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readyz['body'] };
}

describe('readiness', () => {
  it('is ready when every embedded adapter answers, and says which adapter each port got', async () => {
    const service = await started(definition());
    const { status, body } = await readyz(service);
    expect(status).toBe(200);
    expect(body.checks).toEqual({
      eventStore: { adapter: 'embedded', status: 'up' },
      bus: { adapter: 'embedded', status: 'up' },
      readStore: { adapter: 'embedded', status: 'up' },
    });
  });

  it('answers 503 naming the event store when the embedded store is closed', async () => {
    const eventStore = await SqliteEventStore.open({ path: join(dir, `${randomUUID()}.sqlite`) });
    const service = await started(definition(), { adapters: await memoryAdapters({ eventStore }) });
    await eventStore.close();
    const { status, body } = await readyz(service);
    expect(status).toBe(503);
    expect(body.detail).toMatch(/^adapter check failed: eventStore \(embedded\): embedded event store is closed$/);
    expect(body.checks['bus']!.status).toBe('up');
    expect(body.checks['readStore']!.status).toBe('up');
  });

  it('answers 503 naming the bus when no Kafka broker listens at its address', async () => {
    const bus = await KafkaBus.open({ brokers: [`127.0.0.1:${await deadPort()}`], clientId: 'readiness-test', logger: silentLogger });
    const service = await started(definition(), { adapters: await memoryAdapters({ bus, kinds: { eventStore: 'embedded', bus: 'kafka', readStore: 'embedded' } }) });
    const { status, body } = await readyz(service);
    expect(status).toBe(503);
    expect(body.detail).toMatch(/^adapter check failed: bus \(kafka\): Kafka ping failed/);
    expect(body.checks['bus']).toMatchObject({ adapter: 'kafka', status: 'down' });
    expect(body.checks['eventStore']!.status).toBe('up');
  });

  describe.runIf(kafkaBrokers && mongoUrl)('on Kafka and the Mongo-wire server', () => {
    it('is ready while both answer', async () => {
      const service = await started(definition(), { env: { KAFKA_BROKERS: kafkaBrokers!, MONGODB_URL: mongoUrl!, MONGODB_DATABASE: 'run_service_test' } });
      const { status, body } = await readyz(service);
      expect(status).toBe(200);
      expect(body.checks['bus']).toEqual({ adapter: 'kafka', status: 'up' });
      expect(body.checks['readStore']).toEqual({ adapter: 'mongodb', status: 'up' });
    });

    it('answers 503 naming the read store when the database stops answering', async () => {
      // The shared server must stay up: the service reaches it through a proxy that is then cut.
      const proxy = await tcpProxy(new URL(mongoUrl!));
      const readStore = await MongoReadStore.open({ url: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, database: 'run_service_test' });
      const service = await started(definition(), {
        adapters: await memoryAdapters({ readStore, kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'mongodb' } }),
      });
      expect((await readyz(service)).status).toBe(200);
      await proxy.cut();
      const { status, body } = await readyz(service);
      expect(status).toBe(503);
      expect(body.detail).toMatch(/^adapter check failed: readStore \(mongodb\): /);
      expect(body.checks['readStore']).toMatchObject({ adapter: 'mongodb', status: 'down' });
      expect(body.checks['eventStore']!.status).toBe('up');
    });
  });
  if (!kafkaBrokers || !mongoUrl) announceSkip('readiness on Kafka and MongoDB', 'KAFKA_BROKERS or MONGODB_URL not set');

  it('answers 503 while stopping and after', async () => {
    const service = await started(definition());
    await service.stop();
    const response = await service.app.request('/readyz');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { detail: string }).detail).toBe('the service is stopped');
  });
});

describe('running and stopping', () => {
  it('relays the categories it owns and feeds its consumers', async () => {
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const seen: string[] = [];
    const service = await started(
      definition({
        topics: topicSpecs,
        relay: { categories: ['integration'] },
        consumers: () => [
          {
            groupId: 'run-service-test',
            topics: [topics.integration],
            handle: async (event) => void (event.metadata.tenantId === tenant && seen.push(event.type)),
          },
        ],
      }),
    );
    const metadata = { tenantId: tenant, correlationId: randomUUID(), causationId: randomUUID(), observedAt: new Date().toISOString() };
    await appendEvents(service.adapters.eventStore, streams.integration(tenant), [
      { event: createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata) },
    ]);
    await eventually(() => seen.includes('SyncRequested'), { what: 'the relayed event at the consumer' });
    // /readyz reports how far the relay got.
    await eventually(async () => {
      const ready = (await (await fetch(`${service.url}/readyz`)).json()) as { relay?: { checkpoint: number | null } };
      return typeof ready.relay?.checkpoint === 'number';
    }, { what: 'the relay checkpoint in /readyz' });
  });

  it('finishes a request in flight, refuses new connections, then closes the adapters', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = new Hono().get('/', async (c) => {
      entered();
      await released;
      return c.text('finished');
    });
    const service = await started(definition({ routes: () => ({ '/slow': slow }) }));
    const url = service.url!;

    const inFlight = fetch(`${url}/slow`);
    await inHandler;
    const stopped = service.stop();
    await eventually(async () => fetch(`${url}/healthz`).then(() => false, () => true), { what: 'new connections refused' });
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('finished');
    await stopped;
    await expect(service.adapters.eventStore.ping()).rejects.toThrow(/closed/);
    await expect(service.adapters.bus.ping()).rejects.toThrow(/closed/);
    await expect(service.adapters.readStore.ping()).rejects.toThrow(/closed/);
  });
});

/** Forwards TCP to `target` until cut: then every connection drops and new ones are refused. */
async function tcpProxy(target: URL): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 27017), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
