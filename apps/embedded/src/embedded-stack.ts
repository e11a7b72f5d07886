import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { categories } from '@srw/contracts';
import { SqliteBus } from '@srw/bus';
import { SqliteEventStore, type Subscription } from '@srw/event-store';
import { SqliteReadStore } from '@srw/read-store';
import { startRelay, topicSpecs } from '@srw/runtime';
import { startSrSandbox } from '@srw/sr-sandbox';
import { startWilloSandbox } from '@srw/willo-sandbox';
import type { Logger } from '@srw/observability';
import type { EmbeddedConfig } from './config';

export interface EmbeddedStack {
  /** The health endpoint's origin. */
  url: string;
  srSandboxUrl: string;
  willoSandboxUrl: string;
  willoApiKey: string;
  eventStore: SqliteEventStore;
  bus: SqliteBus;
  readStore: SqliteReadStore;
  stop(): Promise<void>;
}

/**
 * Everything in one process on the embedded adapters: the event store, bus and read store as SQLite
 * files under DATA_DIR (they survive restarts), one relay for every category (this process owns them
 * all), and the SR and Willo sandboxes seeded with demo data. The services of apps/ are wired in here
 * as they are built; each keeps its own composition root for the distributed mode.
 */
export async function startEmbeddedStack(config: EmbeddedConfig, logger: Logger): Promise<EmbeddedStack> {
  const eventStore = new SqliteEventStore(join(config.DATA_DIR, 'events.sqlite'));
  const bus = new SqliteBus(join(config.DATA_DIR, 'bus.sqlite'));
  const readStore = new SqliteReadStore(join(config.DATA_DIR, 'read-models.sqlite'));
  await bus.ensureTopics(topicSpecs);
  const relay: Subscription = startRelay({
    store: eventStore,
    bus,
    categories,
    subscriptionId: 'embedded',
    logger: logger.child({ component: 'relay' }),
  });

  const sr = await startSrSandbox({
    port: config.SR_SANDBOX_PORT,
    seed: { jobs: config.SR_SANDBOX_JOBS, candidates: config.SR_SANDBOX_CANDIDATES },
  });
  const willo = await startWilloSandbox({ port: config.WILLO_SANDBOX_PORT });

  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) =>
    c.json({
      status: 'ready',
      eventStore: { relayCheckpoint: relay.checkpoint ?? null },
      sandboxes: { smartrecruiters: sr.url, willo: willo.apiBaseUrl },
    }),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    srSandboxUrl: sr.url,
    willoSandboxUrl: willo.apiBaseUrl,
    willoApiKey: willo.apiKey,
    eventStore,
    bus,
    readStore,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.stop();
      await Promise.all([sr.close(), willo.close()]);
      await bus.close();
      await eventStore.close();
      await readStore.close();
    },
  };
}
