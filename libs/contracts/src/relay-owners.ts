import { categories, type Category } from './streams';

/** The six services of apps/, by the name each runs under. */
export const serviceNames = ['connector-auth', 'sr-poller', 'stage-projector', 'invite-dispatcher', 'response-writeback', 'config-api'] as const;
export type ServiceName = (typeof serviceNames)[number];

/**
 * The one service whose relay publishes each category to Kafka. Several services append to some
 * categories (config-api appends `SyncRequested` to `integration` and `InviteRetryRequested` to
 * `invite`; invite-dispatcher and response-writeback append to `invite`), but a relay reads its
 * categories from the shared event store whoever appended, so a second relay on a category would
 * publish every event of it once more. The owner publishes what the others append.
 *
 * `invite` goes to stage-projector, which opens every invite stream (`InviteRequested`).
 */
export const categoryOwners = {
  integration: 'connector-auth',
  syncRun: 'sr-poller',
  srJob: 'sr-poller',
  srApplication: 'sr-poller',
  srCandidate: 'sr-poller',
  interviewMapping: 'config-api',
  invite: 'stage-projector',
} as const satisfies Record<Category, ServiceName>;

/** The categories `service`'s relay publishes (empty: it runs no relay). */
export function relayCategoriesOf(service: ServiceName): Category[] {
  return categories.filter((category) => categoryOwners[category] === service);
}
