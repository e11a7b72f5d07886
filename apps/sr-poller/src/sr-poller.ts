import { randomUUID } from 'node:crypto';
import { relayCategoriesOf, topics, type Category, type EventMessage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { observeSyncLag, type Logger } from '@srw/observability';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { srWebhookMountPath, srWebhookRoutes, type CandidatePiiProtection, type SrWebhookKeys, type SyncRunResult } from '@srw/sr-sync';
import { inEventTrace, type Companion, type ConsumeEventsOptions, type SubApp } from '@srw/runtime';
import { replayFromStore } from './book-from-store';
import { integrationEventsHandler } from './handlers/integration-events.handler';
import { observeDeferredDelivery } from './handlers/deferred-deliveries.handler';
import type { LeaseStore } from './scheduler/lease-store/lease-store.port';
import type { SchedulerClock } from './scheduler/scheduler-clock';
import { SyncScheduler } from './scheduler/sync-scheduler';
import { tenantSyncRunner } from './scheduler/tenant-sync-runner';
import { TenantBook } from './tenant-book';
import { WebhookSubscriptions } from './webhooks/webhook-subscriptions';

/** The categories sr-poller appends: its relay publishes them. */
export const srPollerCategories: readonly Category[] = relayCategoriesOf('sr-poller');

export interface SrPollerPorts {
  store: EventStore;
  leases: LeaseStore;
  /** Candidate keys and the cipher: candidate PII is appended only encrypted (crypto-shredding). */
  pii: CandidatePiiProtection;
  /** An authorised SR client per tenant; reuse one per tenant, since its rate budget is the tenant's credential's. */
  srClientFor(tenantId: string): SmartRecruitersClient;
  /** The signing keys of the tenants' SR webhook subscriptions, shared by every replica (`@srw/vault`'s `WebhookKeyStore`). */
  webhookKeys: SrWebhookKeys;
  logger?: Logger;
}

export interface SrPollerOptions {
  /** Names this replica in its leases and its consumer group. Default: a fresh UUID per start. */
  replicaId?: string;
  /** Prefix of the consumer group `<prefix>.<replicaId>` (default `sr-poller`). */
  groupIdPrefix?: string;
  /** How long a lease holds without renewal (default 60 s): a dead replica's tenant is taken over after it. */
  leaseTtlMs?: number;
  /** Syncs at once in this replica (default 4). */
  maxConcurrentSyncs?: number;
  /** Delay before a failed run is tried again, at most the tenant's interval (default 60 s). */
  retryDelayMs?: number;
  /**
   * On stop, how long running syncs may go on before they are aborted (default: until they end). An
   * aborted run is recorded failed and its lease released; the next holder resumes it from its checkpoints.
   */
  stopGraceMs?: number;
  newRunId?: () => string;
  onRun?(tenantId: string, result: SyncRunResult): void;
  /**
   * Where SR reaches this service (`PUBLIC_BASE_URL`), asked when a tenant subscribes: its webhook
   * callback is `<base>/sr/webhooks/<tenant>`. Unset or undefined: no subscriptions, polling only.
   */
  publicBaseUrl?: () => string | undefined;
}

export interface SrPoller {
  consumers: ConsumeEventsOptions[];
  /** SR's webhook intake (`POST /sr/webhooks/:tenant`), by mount path. */
  routes: Record<string, SubApp>;
  /** Stops the scheduler on shutdown: the running syncs finish, or are aborted once `stopGraceMs` is over. */
  companion: Companion;
  scheduler: SyncScheduler;
  book: TenantBook;
  webhooks: WebhookSubscriptions;
  replicaId: string;
}

/**
 * The sync scheduling and SR webhook intake of sr-poller. Every replica reads every tenant's lifecycle (from the event
 * store at start, so a restart rebuilds its book whatever its consumer group committed; then its own consumer group)
 * and plans every tenant; the per-tenant
 * lease decides which replica runs a due sync, so replicas never sync one tenant at once and a dead
 * one's tenants are taken over when its leases expire. Connected tenants whose grant allows it are
 * subscribed to SR's webhooks (`webhooks`), whose deliveries `routes` turn into observations within
 * the request; the polls stay on as the safety net.
 */
export function createSrPoller(ports: SrPollerPorts, clock: SchedulerClock, options: SrPollerOptions = {}): SrPoller {
  const replicaId = options.replicaId ?? randomUUID();
  const book = new TenantBook();
  let stopReportingLag: (() => void) | undefined;
  const run = tenantSyncRunner({
    book,
    scheduler: () => scheduler,
    store: ports.store,
    leases: ports.leases,
    pii: ports.pii,
    srClientFor: ports.srClientFor,
    clock,
    replicaId,
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    retryDelayMs: options.retryDelayMs ?? 60_000,
    newRunId: options.newRunId ?? randomUUID,
    ...(ports.logger ? { logger: ports.logger } : {}),
    ...(options.onRun ? { onRun: options.onRun } : {}),
  });
  const scheduler: SyncScheduler = new SyncScheduler({
    clock,
    run,
    maxConcurrent: options.maxConcurrentSyncs ?? 4,
    onError: (tenantId, error) => ports.logger?.error('sync scheduler: run threw', { tenantId, error: String(error) }),
  });
  const webhooks = new WebhookSubscriptions({
    srClientFor: ports.srClientFor,
    keys: ports.webhookKeys,
    leases: ports.leases,
    clock,
    replicaId,
    publicBaseUrl: options.publicBaseUrl ?? (() => undefined),
    retryDelayMs: options.retryDelayMs ?? 60_000,
    ...(ports.logger ? { logger: ports.logger } : {}),
  });
  const handle = integrationEventsHandler({ book, scheduler, clock, webhooks });
  const observeDeps = {
    store: ports.store,
    pii: ports.pii,
    clientFor: async (tenantId: string) => ports.srClientFor(tenantId),
    clock: () => new Date(clock.now()),
  };
  const intake = srWebhookRoutes({ ...observeDeps, keys: ports.webhookKeys });
  const consumedTopics = [topics.integration, topics.mapping];
  return {
    routes: { [srWebhookMountPath]: intake },
    consumers: [
      {
        groupId: `${options.groupIdPrefix ?? 'sr-poller'}.${replicaId}`,
        topics: consumedTopics,
        handle: (event: EventMessage) => handle(event),
      },
      {
        // One group for every replica: each deferred delivery is observed by one of them.
        groupId: `${options.groupIdPrefix ?? 'sr-poller'}.webhook-deferrals`,
        topics: [topics.observations],
        eventTypes: ['ApplicationWebhookDeferred'],
        // SR's 429s and 5xx pass; a delivery that still fails goes to the .dlq, and the next poll finds the move.
        maxAttempts: 10,
        handle: (event: EventMessage) => observeDeferredDelivery(observeDeps, event),
        // In batches: the topic is mostly other events, passed over a batch (and one commit) at a time.
        handleBatch: async (received) => {
          for (const item of received) await inEventTrace(item, () => observeDeferredDelivery(observeDeps, item.event));
        },
      },
    ],
    companion: {
      name: 'sr-poller scheduler',
      // Before the consumers start: the book must hold every connected tenant, whatever the group committed.
      start: async () => {
        const replayed = await replayFromStore(ports.store, consumedTopics, handle);
        ports.logger?.info('tenant book rebuilt from the event store', { events: replayed, tenants: book.connectedTenants().length });
        stopReportingLag = observeSyncLag(() => book.connectedTenants().map((tenant) => ({ tenantId: tenant.tenantId, lastSyncedAt: tenant.lastCompletedAt })), () => clock.now());
      },
      stop: async () => {
        stopReportingLag?.();
        stopReportingLag = undefined;
        await webhooks.stop();
        await scheduler.stop(options.stopGraceMs === undefined ? {} : { graceMs: options.stopGraceMs });
      },
    },
    scheduler,
    book,
    webhooks,
    replicaId,
  };
}
