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
 *
 * Owners go by topic, not only by category: consumers guard documents by global position, which
 * holds only if each key's events reach its partition in position order. `syncRun` shares
 * `integration.events.v1` (keyed by tenant) with `integration`; relayed by sr-poller while
 * connector-auth relayed `integration`, a lagging relay delivered an older `AuthorizationLost` after
 * a newer `SyncRunFailed` and the projection skipped it as stale (the distributed e2e's
 * "reauthorise" flake). So the whole topic has one owner: connector-auth, which holds the grant
 * every sync needs anyway.
 */
export const categoryOwners = {
  integration: 'connector-auth',
  syncRun: 'connector-auth',
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
