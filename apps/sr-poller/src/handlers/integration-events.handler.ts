import type { EventMessage } from '@srw/contracts';
import type { SchedulerClock } from '../scheduler/scheduler-clock';
import type { SyncScheduler } from '../scheduler/sync-scheduler';
import type { TenantBook } from '../tenant-book';

export interface IntegrationEventsHandlerDeps {
  book: TenantBook;
  scheduler: Pick<SyncScheduler, 'schedule' | 'syncNow' | 'unschedule'>;
  clock: Pick<SchedulerClock, 'now'>;
}

/**
 * `integration.events.v1` (and `mapping.events.v1`) into the schedule: `IntegrationConnected` and
 * `SyncRequested` sync now, `PlanChanged` moves the next sync to the new interval,
 * `IntegrationDisconnected` and `AuthorizationLost` unschedule. Sync-run events and mappings only
 * update the book. A redelivered event changes nothing the book has not already.
 */
export function integrationEventsHandler({ book, scheduler, clock }: IntegrationEventsHandlerDeps): (event: EventMessage) => Promise<void> {
  return async (event) => {
    const { tenantId, change } = book.apply(event);
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
