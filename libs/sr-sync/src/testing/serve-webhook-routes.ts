import { SqliteBus } from '@srw/bus/embedded';
import type { EventStore } from '@srw/event-store';
import { SqliteReadStore } from '@srw/read-store/embedded';
import { createService, serviceConfigSchema, type Adapters } from '@srw/runtime';
import { srWebhookMountPath, srWebhookRoutes, type SrWebhookRoutesDeps } from '../webhooks/webhook-routes';

export interface ServedWebhookRoutes {
  /** The service's origin; SR's callback for a tenant is `${url}/sr/webhooks/${tenant}`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The webhook routes mounted as sr-poller mounts them: a `createService` app (its problem+json
 * error handler, request tracing) listening on a loopback port, over `store`. The store stays the
 * caller's (it is not closed by `stop`); bus and read store are throwaway embedded ones.
 */
export async function serveSrWebhookRoutes(deps: SrWebhookRoutesDeps, eventStore: EventStore): Promise<ServedWebhookRoutes> {
  const bus = await SqliteBus.open({ pollIntervalMs: 20 });
  const readStore = await SqliteReadStore.open();
  const adapters: Adapters = {
    eventStore,
    bus,
    readStore,
    kinds: { eventStore: 'embedded', bus: 'embedded', readStore: 'embedded' },
    async close() {
      await bus.close();
      await readStore.close();
    },
  };
  const service = await createService(
    { name: 'sr-webhooks-test', configSchema: serviceConfigSchema, routes: () => ({ [srWebhookMountPath]: srWebhookRoutes(deps) }) },
    { env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' }, adapters },
  );
  const url = await service.start();
  return { url, stop: () => service.stop() };
}
