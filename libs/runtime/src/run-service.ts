import type { Consumer, TopicSpec } from '@srw/bus';
import type { Category } from '@srw/contracts';
import type { Subscription } from '@srw/event-store';
import { createLogger, type Logger, type Telemetry } from '@srw/observability';
import { Hono, type Env, type Schema } from 'hono';
import type { z } from 'zod';
import { openAdapters, type Adapters } from './adapters';
import { loadConfig } from './config';
import { consumeEvents, type ConsumeEventsOptions } from './event-consumer';
import { healthRoutes, type Lifecycle } from './http/health-routes';
import { listen, type HttpServer } from './http/http-server';
import { problemNotFound, problemOnError } from './http/problem-handlers';
import { requestTracing } from './http/request-tracing';
import { startRelay } from './relay';
import type { ServiceConfig } from './service-config';
import { reportStartupFailure, stopOnSignals } from './shutdown';

export interface ServiceContext<C extends ServiceConfig> {
  name: string;
  config: C;
  adapters: Adapters;
  logger: Logger;
}

/** Something a service runs beside its HTTP server and the bus: started after the adapters open, stopped before they close. */
export interface Companion {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type SubApp = Hono<Env, Schema, string>;

export interface ServiceDefinition<C extends ServiceConfig> {
  /** Names the logger, the bus client, the relay's checkpoint and the problem of a bad config. */
  name: string;
  /** The environment's schema: `serviceConfigSchema` extended with the app's own keys. */
  configSchema: z.ZodType<C>;
  /** Hono sub-apps by mount path (`app.route(path, subApp)`). */
  routes?(context: ServiceContext<C>): Record<string, SubApp>;
  /** Consumers of event topics, started once the relay runs. */
  consumers?(context: ServiceContext<C>): ConsumeEventsOptions[];
  /** The categories whose events this service appends: its own relay publishes them. */
  relay?: { categories: readonly Category[] };
  /** Topics created at start where missing (the embedded bus needs them; Kafka has them from `create-topics`). */
  topics?: readonly TopicSpec[];
  companions?(context: ServiceContext<C>): Companion[];
}

export interface CreateServiceOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Adapters opened by the caller (a test pointing one at a dead server); `stop()` closes them. */
  adapters?: Adapters;
}

export interface Service<C extends ServiceConfig> {
  readonly name: string;
  readonly config: C;
  readonly adapters: Adapters;
  readonly logger: Logger;
  /** Answers in-process (`app.request('/readyz')`) before and after `start()`. */
  readonly app: Hono;
  /** Where it listens, once started. */
  readonly url: string | undefined;
  /** Creates topics, starts companions, relay and consumers, then listens; resolves with the URL. */
  start(): Promise<string>;
  /** Stops accepting HTTP, stops consumers and companions (at once), then the relay, closes the adapters. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds a service without touching the process: config (every bad key at once), adapters, the
 * hono app with `/healthz`, `/readyz`, the sub-apps and one problem+json error handler. Tests run it
 * in-process; `runService` adds signals and exit codes.
 */
export async function createService<C extends ServiceConfig>(definition: ServiceDefinition<C>, options: CreateServiceOptions = {}): Promise<Service<C>> {
  const { name } = definition;
  const config = loadConfig(definition.configSchema, options.env ?? process.env, name);
  const logger = options.logger ?? createLogger({ service: name }, { level: config.LOG_LEVEL });
  const adapters = options.adapters ?? (await openAdapters(config, name, logger));
  const context: ServiceContext<C> = { name, config, adapters, logger };

  let lifecycle: Lifecycle = 'created';
  let relay: Subscription | undefined;
  const consumers: Consumer[] = [];
  const companions: Companion[] = [];
  let server: HttpServer | undefined;
  let stopping: Promise<void> | undefined;

  const app = new Hono();
  try {
    app.use(requestTracing(name));
    app.route(
      '/',
      healthRoutes({
        adapters,
        lifecycle: () => lifecycle,
        checkTimeoutMs: config.READY_CHECK_TIMEOUT_MS,
        details: () => (relay ? { relay: { checkpoint: relay.checkpoint ?? null } } : {}),
      }),
    );
    for (const [path, subApp] of Object.entries(definition.routes?.(context) ?? {})) app.route(path, subApp);
    app.onError(problemOnError(logger));
    app.notFound(problemNotFound);
  } catch (error) {
    await adapters.close();
    throw error;
  }

  const stop = () =>
    (stopping ??= (async () => {
      lifecycle = 'stopping';
      const failures: unknown[] = [];
      const step = async (what: string, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          failures.push(error);
          logger.error(`stopping ${what} failed`, { error });
        }
      };
      if (server) await step('the HTTP server', () => server!.close());
      // Consumers and companions stop at once: each may take seconds (a consumer its fetch, sr-poller's
      // scheduler its grace period), and one after the other they overran the shutdown timeout. The
      // relay stops last, so what a companion appends while stopping (a sync run's failure) is published.
      await Promise.all([
        ...consumers.map((consumer) => step('a consumer', () => consumer.stop())),
        (async () => {
          for (const companion of [...companions].reverse()) await step(companion.name, () => companion.stop());
        })(),
      ]);
      if (relay) await step('the relay', () => relay!.stop());
      await step('the adapters', () => adapters.close());
      lifecycle = 'stopped';
      if (failures.length > 0) throw new AggregateError(failures, `${name}: ${failures.length} part(s) failed to stop`);
    })());

  const start = async () => {
    if (lifecycle !== 'created') throw new Error(`${name} cannot start: it is ${lifecycle}`);
    lifecycle = 'starting';
    try {
      if (definition.topics?.length) await adapters.bus.ensureTopics(definition.topics);
      for (const companion of definition.companions?.(context) ?? []) {
        await companion.start();
        companions.push(companion);
      }
      if (definition.relay) {
        relay = startRelay({
          store: adapters.eventStore,
          bus: adapters.bus,
          categories: definition.relay.categories,
          subscriptionId: name,
          logger: logger.child({ component: 'relay' }),
        });
      }
      for (const consumer of definition.consumers?.(context) ?? []) {
        consumers.push(await consumeEvents(adapters.bus, consumer));
      }
      // Last: a listening service is a started one, so a probe never sees it half-way.
      server = await listen(app.fetch, { port: config.PORT, host: config.HOST, portVariable: 'PORT' });
    } catch (error) {
      await stop().catch(() => undefined);
      throw error;
    }
    lifecycle = 'running';
    logger.info('started', { url: server.url, adapters: adapters.kinds });
    return server.url;
  };

  return {
    name,
    config,
    adapters,
    logger,
    app,
    get url() {
      return server?.url;
    },
    start,
    stop,
  };
}

export interface RunServiceOptions extends CreateServiceOptions {
  /** Flushed after the service stops, before the process exits. */
  telemetry?: Telemetry;
}

/**
 * The process around a service: starts it, and on SIGTERM or SIGINT stops it, flushes telemetry and
 * exits 0. A second signal, or a stop that outlasts SHUTDOWN_TIMEOUT_MS, exits 1 at once. A service
 * that cannot start exits 1 with one line saying what to change (a bad setting, a busy port).
 */
export async function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>, options: RunServiceOptions = {}): Promise<Service<C>> {
  let service: Service<C> | undefined;
  let starting: Promise<unknown> | undefined;
  try {
    service = await createService(definition, options);
    const running = service;
    // Listening before the start: an orchestrator may stop a replica that is still joining its groups,
    // and a signal then must stop it cleanly once the start settles, not kill it mid-start.
    starting = running.start();
    stopOnSignals({
      logger: running.logger,
      timeoutMs: running.config.SHUTDOWN_TIMEOUT_MS,
      stop: async () => {
        try {
          await starting?.catch(() => undefined);
          await running.stop();
        } finally {
          await options.telemetry?.shutdown();
        }
      },
    });
    await starting;
  } catch (error) {
    reportStartupFailure(definition.name, error, service?.logger);
    await options.telemetry?.shutdown().catch(() => undefined);
    process.exit(1);
  }
  return service;
}
