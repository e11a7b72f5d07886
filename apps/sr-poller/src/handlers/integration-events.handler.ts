import type { EventMessage } from '@srw/contracts';
import type { SchedulerClock } from '../scheduler/scheduler-clock';
import type { SyncScheduler } from '../scheduler/sync-scheduler';
import type { TenantBook } from '../tenant-book';
import type { WebhookSubscriptions } from '../webhooks/webhook-subscriptions';

export interface IntegrationEventsHandlerDeps {
  book: TenantBook;
  scheduler: Pick<SyncScheduler, 'schedule' | 'syncNow' | 'unschedule'>;
  clock: Pick<SchedulerClock, 'now'>;
  /** Told of connects (with the grant's scopes) and disconnects: SR webhooks follow them. */
  webhooks?: Pick<WebhookSubscriptions, 'connected' | 'disconnected'>;
}

/**
 * `integration.events.v1` (and `mapping.events.v1`) into the schedule: `IntegrationConnected` and
 * `SyncRequested` sync now, `PlanChanged` moves the next sync to the new interval,
 * `IntegrationDisconnected` and `AuthorizationLost` unschedule. Sync-run events and mappings only
 * update the book. A redelivered event changes nothing the book has not already. `IntegrationConnected`
 * also (re-)subscribes the tenant's SR webhooks where its grant allows them, `IntegrationDisconnected`
 * drops their keys.
 */
export function integrationEventsHandler({ book, scheduler, clock, webhooks }: IntegrationEventsHandlerDeps): (event: EventMessage) => Promise<void> {
  return async (event) => {
    const { tenantId, change } = book.apply(event);
    if (event.type === 'IntegrationConnected') webhooks?.connected(tenantId, event.data.scopes);
    if (event.type === 'IntegrationDisconnected') webhooks?.disconnected(tenantId);
    switch (change) {
      case 'syncNow':
        scheduler.syncNow(tenantId);
        return;
      case 'reschedule':
        scheduler.schedule(tenantId, book.nextDueAt(tenantId, clock.now()));
        return;
      case 'unschedule':
        scheduler.unschedule(tenantId);
        return;
      case 'none':
        return;
      default: {
        const unreachable: never = change;
        throw new TypeError(`unknown schedule change ${String(unreachable)}`);
      }
    }
  };
}
