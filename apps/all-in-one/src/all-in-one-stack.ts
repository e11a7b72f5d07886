import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { categories } from '@srw/contracts';
import { type Subscription } from '@srw/event-store';
import { openAdapters, startRelay, topicSpecs, type Adapters } from '@srw/runtime';
import { startSrSandbox } from '@srw/sr-sandbox';
import { startWilloSandbox } from '@srw/willo-sandbox';
import type { Logger } from '@srw/observability';
import type { AllInOneConfig } from './config';

export interface AllInOneStack {
  /** The health endpoint's origin. */
  url: string;
  srSandboxUrl: string;
  willoSandboxUrl: string;
  willoApiKey: string;
  adapters: Adapters;
  stop(): Promise<void>;
}

/**
 * Everything in one process: the event store, bus and read store (embedded SQLite files under
 * DATA_DIR by default, real servers where their URLs are set), one relay for every category (this
 * process owns them all), and the SR and Willo sandboxes seeded with demo data. The services of
 * apps/ are wired in here as they are built; each keeps its own composition root for the
 * distributed mode.
 */
export async function startAllInOne(config: AllInOneConfig, logger: Logger): Promise<AllInOneStack> {
  const adapters = await openAdapters(config, 'all-in-one', logger);
  await adapters.bus.ensureTopics(topicSpecs);
  const relay: Subscription = startRelay({
    store: adapters.eventStore,
    bus: adapters.bus,
    categories,
    subscriptionId: 'all-in-one',
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
      adapters: adapters.kinds,
      relay: { checkpoint: relay.checkpoint ?? null },
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
    adapters,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.stop();
      await Promise.all([sr.close(), willo.close()]);
      await adapters.close();
    },
  };
}
